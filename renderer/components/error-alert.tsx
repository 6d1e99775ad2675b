import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { toErrorPayload, type ErrorCode, type ErrorPayload } from '../../shared/domain/errors';

const titles: Partial<Record<ErrorCode, string>> = {
  host_not_found: 'Host not found',
  connection_refused: 'Connection refused',
  connection_timeout: 'The server did not answer in time',
  auth_failed: 'Authentication failed',
  password_required: 'A password is needed',
  database_not_found: 'No such database',
  role_not_found: 'No such role',
  tls_required: 'The server requires TLS',
  tls_refused: 'The server does not accept TLS',
  tls_failed: 'TLS failed',
  not_postgres: 'Not a PostgreSQL server',
  insufficient_privilege: 'Missing privilege',
  tool_missing: 'A PostgreSQL tool is missing',
  tool_too_old: 'A PostgreSQL tool is too old',
  running_as_root: 'Running as root',
  invalid_input: 'Check the form',
  cancelled: 'Cancelled',
};

function asPayload(error: unknown): ErrorPayload {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const { code, message, hint } = error as ErrorPayload;
    return { code, message, hint };
  }
  return toErrorPayload(error);
}

/** An error from the services: what happened, what to do about it, and its stable code. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { code, message, hint } = asPayload(error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle />}
      title={title ?? titles[code] ?? 'Something went wrong'}
      data-testid="error-alert"
      data-error-code={code}
    >
      <Stack gap={6}>
        <Text size="sm">{message}</Text>
        {hint && (
          <Text size="sm" fw={600} data-testid="error-hint">
            {hint}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Error code: {code}
        </Text>
      </Stack>
    </Alert>
  );
}
