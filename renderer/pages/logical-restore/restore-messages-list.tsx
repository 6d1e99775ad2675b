import { Badge, Code, Group, Paper, Spoiler, Stack, Text } from '@mantine/core';
import type { RestoreMessage } from '../../../shared/domain/restore';

const levelColor: Record<RestoreMessage['level'], string> = { error: 'red', warning: 'yellow', info: 'gray' };

/** pg_restore's (or psql's) messages one by one, each with the statement it was about. */
export function RestoreMessagesList({ messages }: { messages: readonly RestoreMessage[] }) {
  return (
    <Stack gap="xs" data-testid="restore-messages">
      {messages.map((message, index) => (
        <Paper key={index} withBorder p="sm" radius="sm" data-testid="restore-message" data-level={message.level} style={{ borderLeft: `4px solid var(--mantine-color-${levelColor[message.level]}-6)` }}>
          <Group gap="sm" align="flex-start" wrap="nowrap">
            <Badge size="sm" color={levelColor[message.level]} variant="light" style={{ flexShrink: 0 }}>
              {message.level}
            </Badge>
            <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" style={{ wordBreak: 'break-word' }}>
                {message.text}
              </Text>
              {message.detail && (
                <Spoiler maxHeight={48} showLabel="Show all" hideLabel="Show less">
                  <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {message.detail}
                  </Code>
                </Spoiler>
              )}
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
