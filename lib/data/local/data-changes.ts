/**
 * "Something in the local store changed": the queue (pending/needs attention), the rows (a save, a pull), or who is
 * signed in. Heard in this tab and, through a BroadcastChannel, in the app's other tabs, so every open page shows the
 * same data. Listeners refresh their queries; nothing else rides on these messages.
 */
export type DataChange = "queue" | "rows" | "account";

const CHANNEL = "checkin-data-changes";
const listeners = new Set<(change: DataChange) => void>();
let channel: BroadcastChannel | null | undefined;

function getChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
    channel?.addEventListener("message", (event: MessageEvent<DataChange>) => {
      for (const l of listeners) l(event.data);
    });
  }
  return channel;
}

export function notifyDataChanged(change: DataChange): void {
  for (const l of listeners) l(change);
  getChannel()?.postMessage(change);
}

export function onDataChanged(listener: (change: DataChange) => void): () => void {
  getChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
