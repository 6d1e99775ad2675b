import { Grid, Group, NumberInput, Select, Stack, Tabs, TextInput } from '@mantine/core';
import { sslModes, type SslMode } from '../../../shared/domain/profile';
import { draftTextProps, type DraftEditor, type DraftTextField, type TargetKind } from './profile-draft';

const sslModeLabels: Record<SslMode, string> = {
  disable: 'disable: never use TLS',
  allow: 'allow: TLS only if the server insists',
  prefer: 'prefer: TLS when the server offers it',
  require: 'require: always TLS, certificate not checked',
  'verify-ca': 'verify-ca: TLS, certificate signed by your CA',
  'verify-full': 'verify-full: TLS, certificate matches the host',
};

/** Where the server is: parameters, a URI, or a pg_service.conf service, one tab each. */
export function TargetFields(draft: DraftEditor) {
  const { fields, errors, onChange } = draft;
  const text = (field: DraftTextField) => draftTextProps(draft, field);
  return (
    <Tabs value={fields.kind} onChange={(kind) => kind && onChange({ kind: kind as TargetKind })} keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="params">Parameters</Tabs.Tab>
        <Tabs.Tab value="uri">Connection URI</Tabs.Tab>
        <Tabs.Tab value="service">Service name</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="params">
        <Stack gap="md">
          <Grid gap="md">
            <Grid.Col span={8}>
              <TextInput label="Host" description="A name or address, or a Unix socket folder" {...text('host')} required />
            </Grid.Col>
            <Grid.Col span={4}>
              <NumberInput
                label="Port"
                description="Usually 5432"
                value={fields.port}
                onChange={(value) => onChange({ port: String(value) })}
                min={1}
                max={65535}
                allowDecimal={false}
                hideControls
                error={errors.port}
                required
              />
            </Grid.Col>
          </Grid>
          <Group grow align="flex-start">
            <TextInput label="Database" {...text('database')} required />
            <TextInput label="User" placeholder="postgres" {...text('user')} required />
          </Group>
          <Group grow align="flex-start">
            <Select
              label="TLS (sslmode)"
              data={sslModes.map((mode) => ({ value: mode, label: sslModeLabels[mode] }))}
              value={fields.sslmode}
              onChange={(mode) => mode && onChange({ sslmode: mode as SslMode })}
              allowDeselect={false}
            />
            <TextInput label="CA certificate file" description="For verify-ca and verify-full" placeholder="/path/to/root.crt" {...text('sslrootcert')} />
          </Group>
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="uri">
        <TextInput
          label="Connection URI"
          description="Leave the password out: put it below, in ~/.pgpass, or in PGPASSWORD."
          placeholder="postgresql://user@db.example.com:5432/app?sslmode=require"
          {...text('uri')}
          required
        />
      </Tabs.Panel>
      <Tabs.Panel value="service">
        <Group grow align="flex-start">
          <TextInput label="Service" description="A section of pg_service.conf (or PGSERVICEFILE)" {...text('service')} required />
          <TextInput label="Database" description="Optional: overrides the service's dbname" {...text('serviceDatabase')} />
        </Group>
      </Tabs.Panel>
    </Tabs>
  );
}
