/** Under "predictions" and the user: a save, a pull or a wipe of their rows refreshes it too (lib/query/invalidate-for.ts). */
export const personalKeys = {
  all: (userId: string) => ["predictions", userId, "personal"] as const,
};
