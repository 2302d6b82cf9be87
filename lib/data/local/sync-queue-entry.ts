/**
 * A check-in (with its predictions) waiting to reach Supabase. One entry per check-in, keyed by its id: pushing it
 * sends the check-in and every prediction stored for it, so predictions made after the entry was queued ride along.
 *
 * - `status: "pending"`: will be sent (now, or after a backoff when the network or server failed).
 * - `status: "rejected"`: the server refused it for a reason a retry cannot fix (`rejection`). It waits in the person's
 *   Needs attention list for Retry, Download or Discard, and never blocks the entries behind it.
 * - `version` grows with every change to the entry; a push removes the entry only if the version it sent is still the
 *   current one, so predictions stored during a push are not forgotten.
 */
export type SyncQueueEntry = {
  checkin_id: string;
  user_id: string;
  /** ISO timestamp; entries are pushed oldest first. */
  queued_at: string;
  version: number;
  status: "pending" | "rejected";
  /** Failed attempts so far (network, 5xx, 429), for the backoff. */
  attempts: number;
  /** The last transient failure, shown while waiting to retry. */
  last_error: string | null;
  rejection: SyncRejection | null;
};

/** Why the server refused an entry, in its own words and codes. */
export type SyncRejection = { status: number; code: string | null; reason: string; at: string };
