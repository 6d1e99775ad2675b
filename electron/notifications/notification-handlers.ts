import type { notificationRequests } from '../../shared/contract/notifications';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { NotificationService } from './notification-service';

export function notificationHandlers(notifications: NotificationService): HandlersFor<typeof notificationRequests> {
  return {
    'notifications.channels': ({ repositoryDir }) => notifications.channels({ repositoryDir }),
    'notifications.saveChannel': ({ repositoryDir, channel }) => notifications.saveChannel(channel, { repositoryDir }),
    'notifications.removeChannel': ({ repositoryDir, channel }) => notifications.removeChannel(channel, { repositoryDir }),
    'notifications.test': ({ repositoryDir, channel }) => notifications.test(channel, { repositoryDir }),
    'notifications.history': ({ repositoryDir, limit }) => notifications.history({ repositoryDir, limit }),
    'notifications.pending': ({ repositoryDir }) => notifications.pending({ repositoryDir }),
    'notifications.deliverDue': ({ repositoryDir }) => notifications.deliverDue(new Date(), { repositoryDir }),
  };
}
