/**
 * "Something in the local store changed": the queue (pending/needs attention), the rows (a save, a pull), or who is
 * signed in. Heard in this tab and, through a BroadcastChannel, in the app's other tabs, so every open page shows the
 * same data. Listeners refresh their queries; nothing else rides on these messages (never a sync run: that would
 * let one tab's announcement start another tab's run, which announces again — a loop across tabs).
 */
export type DataChange = "queue" | "rows" | "account";

/** The part of BroadcastChannel the bus uses (the simulation passes its own, or none). */
export type BroadcastChannelLike = {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  close(): void;
};

const CHANNEL = "checkin-data-changes";
const isDataChange = (v: unknown): v is DataChange => v === "queue" || v === "rows" || v === "account";

export class ChangeBus {
  private readonly listeners = new Set<(change: DataChange, origin: "here" | "other-tab") => void>();

  constructor(private readonly channel: BroadcastChannelLike | null) {
    channel?.addEventListener("message", (event: MessageEvent) => {
      if (!isDataChange(event.data)) return;
      for (const l of this.listeners) l(event.data, "other-tab");
    });
  }

  notify(change: DataChange): void {
    for (const l of this.listeners) l(change, "here");
    this.channel?.postMessage(change);
  }

  subscribe(listener: (change: DataChange, origin: "here" | "other-tab") => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
    this.channel?.close();
  }
}

let pageBus: ChangeBus | undefined;

/** The page's bus, on the app's BroadcastChannel when the browser has one. */
export function browserChangeBus(): ChangeBus {
  return (pageBus ??= new ChangeBus(typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL)));
}

/** The page's bus: tell this tab and the others. */
export function notifyDataChanged(change: DataChange): void {
  browserChangeBus().notify(change);
}

export function onDataChanged(listener: (change: DataChange) => void): () => void {
  return browserChangeBus().subscribe((change) => listener(change));
}
