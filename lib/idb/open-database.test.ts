import "fake-indexeddb/auto";
import { forceCloseDatabase, IDBFactory } from "fake-indexeddb";
import { unwrap } from "idb";
import { beforeEach, describe, expect, it } from "vitest";
import { type DatabaseEvent, IndexedDbUnavailableError, type ManagedDatabase, openDatabase, type UpgradeStep } from "./open-database";

const NAME = "open-database-test";

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/**
 * Three versions, as a real database grows: 1 creates `notes`; 2 adds `tags`; 3 moves every note's text into a
 * `words` store (a data move, async, inside the upgrade's transaction). Each step records that it ran.
 */
function steps(ran: string[]): UpgradeStep<unknown>[] {
  return [
    (db) => {
      ran.push("1");
      db.createObjectStore("notes");
    },
    (db) => {
      ran.push("2");
      db.createObjectStore("tags");
    },
    async (db, tx, oldVersion) => {
      ran.push(`3 from ${oldVersion}`);
      db.createObjectStore("words");
      const notes = tx.objectStore("notes" as never);
      for (const key of await notes.getAllKeys()) {
        const text = (await notes.get(key)) as string;
        await tx.objectStore("words" as never).put(text.split(" ").length, key);
      }
    },
  ];
}

/** The next event the database reports (not the replay of the latest one that a new listener hears first). */
function nextEvent(database: ManagedDatabase<unknown>): Promise<DatabaseEvent> {
  return new Promise((resolve) => {
    let replaying = true;
    const stop = database.onEvent((event) => {
      if (replaying) return;
      stop();
      resolve(event);
    });
    replaying = false;
  });
}

/** A connection another tab of an older build holds, which ignores `versionchange` (old code, or a busy tab). */
function rawConnection(version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, version);
    request.onupgradeneeded = () => request.result.createObjectStore("notes");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe("openDatabase", () => {
  it("creates a new database with every step, once, and keeps one connection", async () => {
    const ran: string[] = [];
    const database = openDatabase({ name: NAME, upgrades: steps(ran) });
    const first = database.connection();
    expect(database.connection()).toBe(first);
    const db = await first;
    expect([db.version, [...db.objectStoreNames].sort(), ran]).toEqual([3, ["notes", "tags", "words"], ["1", "2", "3 from 0"]]);
    await database.close();
  });

  it.each([1, 2])("upgrades a database left at version %i by running only the later steps, moving its data", async (oldVersion) => {
    const before: string[] = [];
    const old = openDatabase({ name: NAME, upgrades: steps(before).slice(0, oldVersion) });
    await (await old.connection()).put("notes" as never, "slept badly then walked" as never, "n1" as never);
    await old.close();

    const ran: string[] = [];
    const db = await openDatabase({ name: NAME, upgrades: steps(ran) }).connection();
    expect(ran).toEqual(["1", "2", "3 from 0"].slice(oldVersion).map((s) => s.replace("from 0", `from ${oldVersion}`)));
    expect([db.version, await db.get("words" as never, "n1" as never)]).toEqual([3, 4]);
    db.close();
  });

  it("leaves the database at its old version when a step fails, rejects with the step's error, and tries again next time", async () => {
    const old = openDatabase({ name: NAME, upgrades: steps([]).slice(0, 2) });
    await (await old.connection()).put("notes" as never, "kept" as never, "n1" as never);
    await old.close();

    let failures = 1;
    const failing: UpgradeStep<unknown> = async (db, tx, oldVersion) => {
      await steps([])[2]!(db, tx, oldVersion);
      if (failures-- > 0) throw new Error("disk full halfway");
    };
    const database = openDatabase({ name: NAME, upgrades: [...steps([]).slice(0, 2), failing] });
    await expect(database.connection()).rejects.toThrow("disk full halfway");
    const reopened = await rawConnection(2).catch((error: unknown) => error);
    expect(reopened).toBeInstanceOf(IDBDatabase); // still version 2: opening at 2 is no VersionError
    (reopened as IDBDatabase).close();

    const db = await database.connection();
    expect([db.version, await db.get("words" as never, "n1" as never)]).toEqual([3, 1]);
    await database.close();
  });

  it("says it is blocked while an older tab holds the database open, then that it is open", async () => {
    const older = await rawConnection(1);
    const database = openDatabase({ name: NAME, upgrades: steps([]) });
    const events: DatabaseEvent["kind"][] = [];
    database.onEvent((event) => events.push(event.kind));
    const blocked = nextEvent(database);
    const opening = database.connection();
    expect(await blocked).toEqual({ kind: "blocked" });
    older.close();
    expect((await opening).version).toBe(3);
    expect(events).toEqual(["blocked", "open"]);
    // A component that mounts now still learns the latest state.
    const late: DatabaseEvent[] = [];
    database.onEvent((event) => late.push(event));
    expect(late).toEqual([{ kind: "open" }]);
    await database.close();
  });

  it("lets a newer version in another tab upgrade: closes, says this tab must reload, and the newer one opens unblocked", async () => {
    const current = openDatabase({ name: NAME, upgrades: steps([]).slice(0, 2) });
    await current.connection();
    const told = nextEvent(current);

    const newer = openDatabase({ name: NAME, upgrades: steps([]) });
    const newerHeard = nextEvent(newer);
    const newerOpen = newer.connection();
    expect(await newerHeard).toEqual({ kind: "open" }); // not "blocked"
    expect(await told).toEqual({ kind: "reload-required" });
    expect((await newerOpen).version).toBe(3);
    // This tab's code knows version 2 only: its next access reopens and fails (VersionError), it does not hang.
    await expect(current.connection()).rejects.toMatchObject({ name: "VersionError" });
    await newer.close();
  });

  it("reopens on the next access after the browser closed the connection (terminated)", async () => {
    const database = openDatabase({ name: NAME, upgrades: steps([]) });
    const db = await database.connection();
    await db.put("notes" as never, "before" as never, "n1" as never);
    const told = nextEvent(database);
    // fake-indexeddb types its parameter as the class, not an instance: the cast is for its typings only.
    forceCloseDatabase(unwrap(db) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    expect(await told).toEqual({ kind: "terminated" });
    const again = await database.connection();
    expect(again).not.toBe(db);
    expect(await again.get("notes" as never, "n1" as never)).toBe("before");
    await database.close();
  });

  it("forgets an open that failed: no IndexedDB, or indexedDB.open throwing, then a later access succeeds", async () => {
    const database = openDatabase({ name: NAME, upgrades: steps([]) });
    const factory = globalThis.indexedDB;
    globalThis.indexedDB = undefined as unknown as IDBFactory;
    await expect(database.connection()).rejects.toBeInstanceOf(IndexedDbUnavailableError);
    globalThis.indexedDB = factory;

    const original = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException("denied", "SecurityError");
    };
    try {
      await expect(database.connection()).rejects.toMatchObject({ name: "SecurityError" });
    } finally {
      IDBFactory.prototype.open = original;
    }
    expect((await database.connection()).version).toBe(3);
    await database.close();
  });
});
