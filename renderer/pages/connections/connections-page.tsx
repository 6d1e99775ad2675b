import { Code, EmptyState, Loader, Paper, Table, Text } from '@mantine/core';
import { IconDatabase, IconPlus } from '@tabler/icons-react';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { LinkButton } from '../../components/link-button';
import { ProfileName } from '../../components/profile-name';
import { TableHead } from '../../components/table-head';

/** Every saved connection profile. */
export function ConnectionsPage() {
  const profiles = useRequest('profiles.list', {});
  const addButton = (
    <LinkButton to={{ page: 'new-connection' }} leftSection={<IconPlus size={18} />} data-testid="add-connection">
      Add a connection
    </LinkButton>
  );

  return (
    <>
      <PageHeader
        title="Connections"
        description="A connection profile tells Tidemark how to reach one PostgreSQL server. Open one to see the server's facts and what it is ready for."
        actions={addButton}
      />
      {profiles.isPending && <Loader />}
      {profiles.error && <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />}
      {profiles.data?.length === 0 && (
        <EmptyState
          icon={<IconDatabase size={32} />}
          title="No connections yet"
          description="Add one for each server you back up. To try Tidemark first, create the local sandbox from the Overview page: it makes a PostgreSQL of its own and a connection to it."
          data-testid="connections-empty"
        >
          <EmptyState.Actions>
            {addButton}
            <LinkButton variant="default" to={{ page: 'overview' }}>
              Go to the Overview
            </LinkButton>
          </EmptyState.Actions>
        </EmptyState>
      )}
      {profiles.data && profiles.data.length > 0 && (
        <Paper withBorder radius="md">
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="connections-table">
            <TableHead columns={['Name', 'Server', 'Password']} />
            <Table.Tbody>
              {profiles.data.map((profile) => (
                <Table.Tr key={profile.id} data-testid="connection-row">
                  <Table.Td>
                    <ProfileName profile={profile} />
                  </Table.Td>
                  <Table.Td>
                    <Code>{profile.summary}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={profile.passwordSaved ? undefined : 'dimmed'}>
                      {profile.passwordSaved ? 'saved' : 'not saved'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
