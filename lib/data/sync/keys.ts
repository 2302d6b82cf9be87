/** Query keys of the sync queue. Like every key of user data, they start with the user id. */
export const syncKeys = {
  all: (userId: string) => ["sync", userId] as const,
  queue: (userId: string) => ["sync", userId, "queue"] as const,
};
