import { Accordion, Alert, Badge, Button, Code, EmptyState, Group, List, Loader, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconTool } from '@tabler/icons-react';
import { useState } from 'react';
import type { PgInstallation, ToolInventory } from '../../../shared/domain/tools';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PageSection } from '../../components/page-section';

const originLabel: Record<PgInstallation['origin'], string> = { override: 'your folder', path: 'on PATH', 'well-known': 'usual place' };

/** Which of PostgreSQL's programs Tidemark found, what is missing, and the folder override. */
export function ToolsPage() {
  const inventory = useRequest('tools.inventory', {});
  return (
    <>
      <PageHeader
        title="PostgreSQL tools"
        description="Tidemark runs PostgreSQL's own programs (pg_dump, pg_basebackup, psql…). For each server it picks an installation that fits: pg_dump must be at least as new as the server."
      />
      {inventory.isPending && <Loader />}
      {inventory.error && <ErrorAlert error={inventory.error} title="Cannot list the PostgreSQL tools" />}
      {inventory.data && <Inventory inventory={inventory.data} />}
    </>
  );
}

function Inventory({ inventory }: { inventory: ToolInventory }) {
  return (
    <Stack gap="xl">
      <PageSection title="Installations found">
        {inventory.installations.length === 0 ? (
          <EmptyState
            icon={<IconTool size={32} />}
            title="No PostgreSQL tools found"
            description="Install PostgreSQL's client programs (see the hints below), or point Tidemark at their bin folder."
            data-testid="no-installations"
          />
        ) : (
          <Stack gap="sm" data-testid="installations">
            {inventory.installations.map((installation) => (
              <Paper key={installation.binDir} withBorder p="md" radius="md" data-testid="installation">
                <Group justify="space-between" mb="xs">
                  <Group gap="sm">
                    <Text fw={650}>PostgreSQL {installation.version}</Text>
                    <Badge variant="light" color="gray">
                      {originLabel[installation.origin]}
                    </Badge>
                  </Group>
                  <Code>{installation.binDir}</Code>
                </Group>
                <Group gap={6}>
                  {Object.keys(installation.tools)
                    .sort()
                    .map((tool) => (
                      <Badge key={tool} variant="outline" color="teal" tt="none" fw={500}>
                        {tool}
                      </Badge>
                    ))}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </PageSection>

      <PageSection title="Missing">
        {inventory.missing.length === 0 ? (
          <Text c="dimmed">Nothing: every tool Tidemark uses was found.</Text>
        ) : (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle />}
            title={`${inventory.missing.length} tool${inventory.missing.length === 1 ? '' : 's'} not found`}
            data-testid="missing-tools"
          >
            <List spacing={6} size="sm">
              {inventory.missing.map(({ tool, hint }) => (
                <List.Item key={tool}>
                  <Code>{tool}</Code>: {hint}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </PageSection>

      <OverrideFolder current={inventory.override} />

      <Accordion variant="contained" radius="md">
        <Accordion.Item value="searched">
          <Accordion.Control>Where Tidemark looked ({inventory.searched.length} folders)</Accordion.Control>
          <Accordion.Panel>
            <Stack gap={4}>
              {inventory.searched.map((dir) => (
                <Code key={dir}>{dir}</Code>
              ))}
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}

function OverrideFolder({ current }: { current: string | null }) {
  const [binDir, setBinDir] = useState(current ?? '');
  const setOverride = useMutationRequest('tools.setOverride', { invalidates: ['tools.inventory'] });
  return (
    <PageSection title="Your own bin folder">
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <TextInput
            label="Search this folder first"
            description="For a PostgreSQL installed somewhere unusual, e.g. /opt/postgresql/16/bin. Tidemark looks here before PATH and the usual places."
            placeholder="/usr/lib/postgresql/16/bin"
            value={binDir}
            onChange={(event) => setBinDir(event.currentTarget.value)}
            data-testid="override-dir"
          />
          <Group gap="sm">
            <Button onClick={() => setOverride.mutate({ binDir: binDir.trim() || null })} loading={setOverride.isPending} disabled={!binDir.trim() && !current}>
              Use this folder
            </Button>
            {current && (
              <Button
                variant="default"
                onClick={() => {
                  setBinDir('');
                  setOverride.mutate({ binDir: null });
                }}
              >
                Stop using it
              </Button>
            )}
          </Group>
          {setOverride.error && <ErrorAlert error={setOverride.error} />}
        </Stack>
      </Paper>
    </PageSection>
  );
}
