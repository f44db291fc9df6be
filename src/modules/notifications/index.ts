export { createNotificationsRepository, type NotificationsRepository } from './notifications.repository.ts';
export { createNotificationsService, type NotificationsService } from './notifications.service.ts';
export {
  NOTIFICATION_KINDS,
  type NewNotification,
  type Notification,
  type NotificationKind,
} from './notifications.types.ts';
