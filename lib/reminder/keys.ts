export const reminderKeys = {
  time: () => ["reminder", "time"] as const,
  notificationSupport: () => ["reminder", "notification-support"] as const,
};
