import type { scheduleRequests } from '../../shared/contract/schedules';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { SchedulerService } from './scheduler-service';

export function schedulerHandlers(scheduler: SchedulerService): HandlersFor<typeof scheduleRequests> {
  return {
    'schedules.list': (input) => scheduler.list(input),
    'schedules.get': ({ name, repositoryDir }) => scheduler.get(name, repositoryDir),
    'schedules.save': ({ schedule, repositoryDir, replace }) => scheduler.save(schedule, { repositoryDir, replace }),
    'schedules.remove': ({ name, repositoryDir }) => scheduler.remove(name, repositoryDir),
    'schedules.pause': ({ name, repositoryDir }) => scheduler.setPaused(name, true, repositoryDir),
    'schedules.resume': ({ name, repositoryDir }) => scheduler.setPaused(name, false, repositoryDir),
    'schedules.runNow': ({ name, repositoryDir }) => scheduler.runNow(name, repositoryDir),
    'schedules.preview': async (input) => scheduler.preview(input),
    'schedules.history': ({ name, repositoryDir, limit }) => scheduler.history(name, repositoryDir, limit),
  };
}
