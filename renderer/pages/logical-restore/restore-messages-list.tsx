import { Badge, Box, Code, Collapse, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import type { RestoreMessage } from '../../../shared/domain/restore';

const levelColor: Record<RestoreMessage['level'], string> = { error: 'red', warning: 'yellow', info: 'gray' };

/**
 * pg_restore's (or psql's) messages one line each, a wall of text no more: a click shows the
 * statement a message is about. Long lists scroll within the page.
 */
export function RestoreMessagesList({ messages }: { messages: readonly RestoreMessage[] }) {
  return (
    <Box style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}>
      <ScrollArea.Autosize mah={440} type="auto">
        <div data-testid="restore-messages">
          {messages.map((message, index) => (
            <MessageRow key={index} message={message} last={index === messages.length - 1} />
          ))}
        </div>
      </ScrollArea.Autosize>
    </Box>
  );
}

function MessageRow({ message, last }: { message: RestoreMessage; last: boolean }) {
  const [open, setOpen] = useState(false);
  const line = (
    <Group gap="sm" wrap="nowrap" align="flex-start" px="sm" py={7}>
      <Box w={14} pt={3} style={{ flexShrink: 0 }}>
        {message.detail && (open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />)}
      </Box>
      <Badge size="sm" color={levelColor[message.level]} variant="light" w={74} style={{ flexShrink: 0 }}>
        {message.level}
      </Badge>
      <Text size="sm" style={{ wordBreak: 'break-word', minWidth: 0 }}>
        {message.text}
      </Text>
    </Group>
  );
  return (
    <Box data-testid="restore-message" data-level={message.level} style={last ? undefined : { borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      {message.detail ? (
        <UnstyledButton w="100%" onClick={() => setOpen((value) => !value)} aria-expanded={open}>
          {line}
        </UnstyledButton>
      ) : (
        line
      )}
      {message.detail && (
        <Collapse expanded={open}>
          <Code block fz="xs" mx="sm" mb="sm" ml={118} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {message.detail}
          </Code>
        </Collapse>
      )}
    </Box>
  );
}
