import "fake-indexeddb/auto";
import type { AuthChangeEvent, Session, SupabaseClient } from "@supabase/supabase-js";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetLocalDbForTests } from "@/lib/data/local/local-db";
import { clearAccount, getAccount } from "@/lib/data/session/account";
import { watchAuth } from "@/lib/data/session/watch-auth";
import type { Database } from "@/lib/supabase/database.types";

// Supabase Auth's event stream, driven by hand (no server): what the device's account does with each event.
function fakeAuth() {
  let watcher: ReturnType<typeof watchAuth> | undefined;
  let listener: ((event: AuthChangeEvent, session: Session | null) => void) | undefined;
  const client = {
    auth: {
      onAuthStateChange: (cb: typeof listener) => {
        listener = cb;
        return { data: { subscription: { unsubscribe: () => (listener = undefined) } } };
      },
    },
  } as unknown as SupabaseClient<Database>;
  const emit = async (event: AuthChangeEvent, session: Session | null) => {
    listener?.(event, session);
    // watch-auth defers its work out of auth-js's lock, then awaits IndexedDB: wait until it has handled the event
    // (a fixed sleep was too short on a loaded machine).
    await watcher?.idle();
  };
  const watch = (onSignedIn: () => void) => (watcher = watchAuth(client, onSignedIn));
  return { client, emit, watch };
}
const session = (id: string, email: string) => ({ user: { id, email } }) as unknown as Session;

beforeEach(async () => {
  await resetLocalDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe("the device's account follows Supabase Auth", () => {
  it("becomes the signed-in user, and asks for sign-in again when Auth drops the session by itself", async () => {
    const { emit, watch } = fakeAuth();
    const onSignedIn = vi.fn();
    watch(onSignedIn);
    await emit("SIGNED_IN", session("u-a", "a@example.com"));
    expect(await getAccount()).toEqual({ userId: "u-a", email: "a@example.com", status: "active" });
    expect(onSignedIn).toHaveBeenCalledTimes(1);

    // Offline with an expired token: no session at start. The person is still signed in on this device.
    await emit("INITIAL_SESSION", null);
    expect(await getAccount()).toMatchObject({ userId: "u-a", status: "active" });

    // The refresh token was revoked: Auth signs out on its own. The account (and its queue) stays, marked.
    await emit("SIGNED_OUT", null);
    expect(await getAccount()).toMatchObject({ userId: "u-a", status: "needs-sign-in" });

    await emit("SIGNED_IN", session("u-a", "a@example.com"));
    expect(await getAccount()).toMatchObject({ userId: "u-a", status: "active" });
  });

  it("stays signed out after the app's own sign-out (it clears the account before Auth emits SIGNED_OUT)", async () => {
    const { emit, watch } = fakeAuth();
    watch(() => {});
    await emit("SIGNED_IN", session("u-a", "a@example.com"));
    await clearAccount();
    await emit("SIGNED_OUT", null);
    expect(await getAccount()).toBeNull();
  });

  it("switches to another person who signs in on this browser", async () => {
    const { emit, watch } = fakeAuth();
    watch(() => {});
    await emit("SIGNED_IN", session("u-a", "a@example.com"));
    await emit("SIGNED_IN", session("u-b", "b@example.com"));
    expect(await getAccount()).toEqual({ userId: "u-b", email: "b@example.com", status: "active" });
  });
});

describe("events in quick succession", () => {
  it("are handled one at a time, in order: a sign-out right after a sign-in sees the signed-in account", async () => {
    const { emit, watch } = fakeAuth();
    watch(() => {});
    // No wait in between: both are queued before either is handled. Handled side by side, the sign-out would read the
    // account before the sign-in wrote it, find nobody, and leave the account active.
    void emit("SIGNED_IN", session("u-a", "a@example.com"));
    await emit("SIGNED_OUT", null);
    expect(await getAccount()).toMatchObject({ userId: "u-a", status: "needs-sign-in" });
  });
});
