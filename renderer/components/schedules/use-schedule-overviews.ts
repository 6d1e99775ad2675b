import type { SchedulesOverview, ScheduleView } from '../../../shared/contract/schedules';
import type { ProfileView } from '../../../shared/domain/profile';
import { useRequests } from '../../bridge/use-request';

/** A schedule with the repository it is kept in (its name is unique there). */
export interface ListedSchedule {
  view: ScheduleView;
  repositoryDir: string;
}

export interface ScheduleOverviews {
  /** One per repository that holds schedules or is the app's (deduplicated by folder). */
  overviews: SchedulesOverview[];
  schedules: ListedSchedule[];
  isPending: boolean;
  error: unknown;
}

/**
 * The schedules of every repository: the app's, and each profile's own. They live in the
 * repository (schedules.json), and each repository has its own runner lease.
 */
export function useScheduleOverviews(profiles: readonly ProfileView[] | undefined, refetchIntervalMs = 5000): ScheduleOverviews {
  const ownDirs = [...new Set((profiles ?? []).flatMap((profile) => (profile.repositoryDir ? [profile.repositoryDir] : [])))];
  const results = useRequests('schedules.list', [{}, ...ownDirs.map((repositoryDir) => ({ repositoryDir }))], {
    refetchInterval: refetchIntervalMs,
    enabled: profiles !== undefined,
  });
  const overviews: SchedulesOverview[] = [];
  for (const result of results) {
    if (result.data && !overviews.some((seen) => seen.repositoryDir === result.data.repositoryDir)) overviews.push(result.data);
  }
  return {
    overviews,
    schedules: overviews.flatMap((overview) => overview.schedules.map((view) => ({ view, repositoryDir: overview.repositoryDir }))),
    isPending: profiles === undefined || results.some((result) => result.isPending),
    error: results.find((result) => result.error)?.error ?? null,
  };
}
