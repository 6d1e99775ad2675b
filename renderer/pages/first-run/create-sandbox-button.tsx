import { Button, Tooltip } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';

/** The sandbox's main button; when it cannot work here, disabled with the reason on hover. */
export function CreateSandboxButton({ label, disabledReason, loading, onClick }: { label: string; disabledReason: string | null; loading: boolean; onClick: () => void }) {
  const button = (
    <Button size="md" leftSection={<IconFlask size={20} />} disabled={disabledReason !== null} loading={loading} onClick={onClick} data-testid="create-sandbox">
      {label}
    </Button>
  );
  if (!disabledReason) return button;
  return (
    <Tooltip label={disabledReason} multiline w={320} withArrow>
      <span>{button}</span>
    </Tooltip>
  );
}
