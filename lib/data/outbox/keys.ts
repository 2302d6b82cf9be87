export const outboxKeys = {
  pendingCount: () => ["outbox", "pending-count"] as const,
};
