import { AppShell, Badge, Group, NavLink, ScrollArea, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconArchive,
  IconBell,
  IconCamera,
  IconCalendarRepeat,
  IconDatabase,
  IconHeartbeat,
  IconHistory,
  IconHome,
  IconRestore,
  IconRipple,
  IconServer2,
  IconTimeline,
  IconTool,
} from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { allowsSnapshots } from '../../shared/domain/profile';
import { useRequest } from '../bridge/use-request';
import { ConnectionBanner } from './connection-banner';
import { hrefFor, type Route } from './routes';

/** The window: navigation on the left, the current page on the right. */
export function TidemarkShell({ route, children }: { route: Route; children: ReactNode }) {
  const profiles = useRequest('profiles.list', {});

  return (
    <AppShell navbar={{ width: 270, breakpoint: 0 }} padding={0}>
      <AppShell.Navbar p="md" aria-label="Main navigation">
        <AppShell.Section>
          <Group gap="sm" mb="lg" px={6}>
            <ThemeIcon size={38} radius="md" variant="light">
              <IconRipple size={24} />
            </ThemeIcon>
            <div>
              <Text fw={700} size="lg" lh={1.2}>
                Tidemark
              </Text>
              <Text size="xs" c="dimmed">
                PostgreSQL backup &amp; recovery
              </Text>
            </div>
          </Group>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            <NavLink href={hrefFor({ page: 'overview' })} label="Overview" leftSection={<IconHome size={20} />} active={route.page === 'overview'} />
            <NavLink
              href={hrefFor({ page: 'connections' })}
              label="Connections"
              leftSection={<IconDatabase size={20} />}
              active={route.page === 'connections' || route.page === 'new-connection'}
              rightSection={
                profiles.data ? (
                  <Badge size="sm" variant="light" color="gray">
                    {profiles.data.length}
                  </Badge>
                ) : null
              }
            />
            {/* Each saved connection, one click away (NavLink's own children would swallow the parent's click). */}
            <Stack gap={0} pl={30}>
              {profiles.data?.map((profile) => (
                <Fragment key={profile.id}>
                  <NavLink
                    href={hrefFor({ page: 'connection', profileId: profile.id })}
                    label={profile.name}
                    active={(route.page === 'connection' || route.page === 'edit-connection') && route.profileId === profile.id}
                    variant="subtle"
                  />
                  {/* Snapshots is a per-profile page, and only where snapshots are allowed (managed clusters, development servers). */}
                  {allowsSnapshots(profile) && (
                    <NavLink
                      href={hrefFor({ page: 'snapshots', profileId: profile.id })}
                      label="Snapshots"
                      leftSection={<IconCamera size={16} />}
                      active={route.page === 'snapshots' && route.profileId === profile.id}
                      variant="subtle"
                      pl={28}
                      data-testid={`nav-snapshots-${profile.id}`}
                    />
                  )}
                </Fragment>
              ))}
            </Stack>
            <NavLink
              href={hrefFor(route.page === 'health' ? route : { page: 'health' })}
              label="Health"
              leftSection={<IconHeartbeat size={20} />}
              active={route.page === 'health'}
              data-testid="nav-health"
            />
            <NavLink
              href={hrefFor({ page: 'backups' })}
              label="Backups"
              leftSection={<IconArchive size={20} />}
              active={route.page === 'backups' || route.page === 'new-backup'}
            />
            <NavLink
              href={hrefFor({ page: 'schedules' })}
              label="Schedules"
              leftSection={<IconCalendarRepeat size={20} />}
              active={route.page === 'schedules' || route.page === 'new-schedule' || route.page === 'edit-schedule'}
            />
            <NavLink
              href={hrefFor({ page: 'logical-restore' })}
              label="Logical restore"
              leftSection={<IconRestore size={20} />}
              active={route.page === 'logical-restore'}
            />
            <NavLink href={hrefFor({ page: 'recovery' })} label="Recovery" leftSection={<IconHistory size={20} />} active={route.page === 'recovery'} />
            <NavLink href={hrefFor({ page: 'clusters' })} label="Clusters" leftSection={<IconServer2 size={20} />} active={route.page === 'clusters'} />
            <NavLink
              href={hrefFor({ page: 'wal-archive' })}
              label="WAL archive"
              leftSection={<IconTimeline size={20} />}
              active={route.page === 'wal-archive'}
            />
            <NavLink
              href={hrefFor({ page: 'notifications' })}
              label="Notifications"
              leftSection={<IconBell size={20} />}
              active={route.page === 'notifications'}
            />
            <NavLink href={hrefFor({ page: 'tools' })} label="PostgreSQL tools" leftSection={<IconTool size={20} />} active={route.page === 'tools'} />
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <AppFooter />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1080, padding: '32px 40px 64px' }}>
          <ConnectionBanner />
          {children}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

function AppFooter() {
  const info = useRequest('app.info', {});
  if (!info.data) return null;
  return (
    <Stack gap={2} px={6} pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      <Text size="xs" c="dimmed">
        Tidemark {info.data.version} · {info.data.host === 'web' ? 'browser mode' : info.data.host === 'electron' ? 'desktop' : info.data.host}
      </Text>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }} title="Tidemark's data folder">
        {info.data.homeDir}
      </Text>
    </Stack>
  );
}
