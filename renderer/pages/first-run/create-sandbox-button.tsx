import { Button } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';

/** The sandbox's main button; disabled when it cannot work here (the page says why beside it). */
export function CreateSandboxButton({
  label,
  disabledReason,
  loading,
  onClick,
}: {
  label: string;
  disabledReason: string | null;
  loading: boolean;
  onClick: () => void;
}) {
  return (
    <Button size="md" leftSection={<IconFlask size={20} />} disabled={disabledReason !== null} loading={loading} onClick={onClick} data-testid="create-sandbox">
      {label}
    </Button>
  );
}
