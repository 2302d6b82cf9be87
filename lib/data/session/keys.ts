export const sessionKeys = {
  currentUser: () => ["session", "current-user"] as const,
};
