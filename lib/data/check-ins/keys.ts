/** Query keys of check-ins. Every key starts with the user id, so signing out/in never mixes two users' caches. */
export const checkInKeys = {
  all: (userId: string) => ["check-ins", userId] as const,
  history: (userId: string, pageSize: number) => ["check-ins", userId, "history", { pageSize }] as const,
};
