import { mulberry32, type Random } from "@/tests/chaos/prng";
import { signJwt } from "@/tests/stack/jwt";
import type { RecordedAdminStep, RecordedRequest, RecordedSequence } from "@/tests/sim/server/recorded-sequence";

/**
 * Seeded random request sequences for the differential test: 2–3 users, 5–30 requests each, mixing what the app sends
 * (valid push batches, duplicates, every pull GET with random cursors and limits, sync_state, history pages, Delete my
 * data) with what it must survive (forged user_id, CHECK and type violations, predictions whose check-in is missing,
 * stale epochs, anon requests, expired and garbage tokens, no apikey). A pure function of the seed and `nowMs`
 * (future-date cases are relative to it).
 */
const CHECK_IN_COLUMNS = "id,user_id,checkin_date,mood,energy,stress,sleep_hours,activity_minutes,notes,created_at";
const PREDICTION_COLUMNS = "id,user_id,checkin_id,prediction_type,model_name,model_version,label,score,probabilities,created_at";
/** Fixed times (2026-01-01 to 2100-01-01), so the token is the same in every run. */
const NO_SUB_TOKEN = signJwt({ role: "authenticated", aud: "authenticated", iat: 1767225600, exp: 4102444800 });
const TYPES = ["mood_tomorrow", "burnout_risk", "sleep_quality", "stress_forecast", "energy_dip"];

type Obj = Record<string, unknown>;

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = "4";
  hex[16] = ((random.int(0, 15) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

class Generator {
  private readonly users: string[];
  /** Check-ins this sequence sent (whatever the server did with them), per user. */
  private readonly sent = new Map<string, Obj[]>();
  /** The epoch each user's device believes in; Delete my data bumps it. */
  private readonly epochs = new Map<string, number>();
  private readonly dates: string[];

  constructor(
    private readonly r: Random,
    private readonly nowMs: number,
  ) {
    this.users = Array.from({ length: r.int(2, 3) }, () => uuid(r));
    for (const u of this.users) {
      this.sent.set(u, []);
      this.epochs.set(u, 0);
    }
    // A small pool of dates, so that history pages meet equal timestamps; some carry milliseconds.
    const base = Date.UTC(2026, 10, 1, 20, 30);
    this.dates = Array.from({ length: 6 }, (_, i) => new Date(base + i * 3_600_000 + (r.chance(0.3) ? r.int(1, 999) : 0)).toISOString());
  }

  sequence(name: string): RecordedSequence {
    const count = this.r.int(5, 30);
    return { name, users: this.users, requests: Array.from({ length: count }, () => this.request()) };
  }

  private request(): RecordedRequest | RecordedAdminStep {
    const r = this.r;
    const user = r.pick(this.users);
    const kind = r.pick(["push", "push", "push", "push", "bad-push", "bad-push", "pull", "pull", "pull", "state", "history", "delete", "admin", "admin"] as const);
    if (kind === "admin") {
      if (r.chance(0.05)) return { admin: "delete-user", user };
      const sent = this.sent.get(user)!;
      // Mostly a check-in the server has (the last ones sent), sometimes one it refused or never got.
      if (sent.length > 0) return { admin: "delete-check-in", id: r.pick(r.chance(0.7) ? sent.slice(-3) : sent).id as string };
    }
    let request: RecordedRequest;
    if (kind === "push") request = this.push(user, this.validBatch(user));
    else if (kind === "bad-push") request = this.badPush(user);
    else if (kind === "pull") request = this.pull(user);
    else if (kind === "state") request = this.get(user, `/rest/v1/sync_state?select=epoch,last_change&user_id=eq.${this.target(user)}`);
    else if (kind === "history") request = this.history(user);
    else if (kind === "admin") request = this.push(user, this.validBatch(user));
    else {
      request = { method: "POST", path: "/rest/v1/rpc/delete_my_data", auth: { kind: "user", sub: user }, body: "{}" };
      this.epochs.set(user, this.epochs.get(user)! + 1);
    }
    return { ...request, ...this.authVariant(user) };
  }

  /** Mostly the user's own valid token; sometimes none, the anon key, an expired or garbage token, or no apikey. */
  private authVariant(user: string): Partial<RecordedRequest> {
    const r = this.r;
    if (!r.chance(0.15)) return {};
    const variants: Partial<RecordedRequest>[] = [
      { auth: { kind: "none" } },
      { auth: { kind: "anon-key" } },
      // Expired long ago, and near PostgREST's 30-second allowance on either side (exp, iat, nbf).
      { auth: { kind: "user", sub: user, iat: -7200, exp: -3600 } },
      { auth: { kind: "user", sub: user, iat: -3600, exp: r.pick([-25, -35]) } },
      { auth: { kind: "user", sub: user, iat: r.pick([25, 35, 7200]), exp: 7200 } },
      { auth: { kind: "user", sub: user, nbf: r.pick([25, 35]) } },
      { auth: { kind: "raw", token: "garbage" } },
      { auth: { kind: "raw", token: "a.b.c" } },
      { auth: { kind: "raw", token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.c2lnbmF0dXJl" } },
      { apikey: false },
      // Signed and valid, role authenticated, but no sub: auth.uid() is null.
      { auth: { kind: "raw", token: NO_SUB_TOKEN } },
      // A valid token of an account that no longer exists (deleted while the device kept its session).
      { auth: { kind: "user", sub: uuid(r) } },
    ];
    return r.pick(variants);
  }

  private target(user: string): string {
    return this.r.chance(0.85) ? user : this.r.pick(this.users);
  }

  private checkIn(user: string): Obj {
    const r = this.r;
    const date = r.chance(0.1) ? new Date(this.nowMs + 12 * 3_600_000).toISOString() : r.pick(this.dates);
    return {
      id: uuid(r), user_id: user, checkin_date: date, mood: r.int(1, 10), energy: r.int(1, 10), stress: r.int(1, 10),
      sleep_hours: r.pick([7, 7.5, 7.25, 0.05, 24, 0, null, 23.96, 8.15, 6.45]), activity_minutes: r.pick([0, 20, 1440, null, 45]),
      notes: r.pick([null, "", "hé", 'line\nbreak "quoted" \\ tab\t', "😀".repeat(1500), "\u0001ctl", "x".repeat(64) + "y"]),
      created_at: r.pick([date, "2020-01-01T00:00:00.000Z", null]),
    };
  }

  private prediction(user: string, checkInId: string): Obj {
    const r = this.r;
    const classifier = r.chance(0.6);
    return {
      id: uuid(r), user_id: user, checkin_id: checkInId, prediction_type: r.pick(TYPES), model_name: r.pick(["gbm", "m".repeat(100)]),
      model_version: r.pick(["1", "2026.11.3"]), label: classifier ? r.pick(["low", "high", "steady"]) : null,
      score: r.pick([0.5, 0.123456789, 1e-7, 6.3, 1e20, 123456789012345680, -2.5, 0, 0.1 + 0.2]),
      probabilities: classifier ? r.pick([[0.25, 0.5, 0.25], [0.1, 0.9], [1e-7, 0.9999999], [0, 1]]) : null,
      created_at: r.pick(["2026-11-01T20:30:00.000Z", null]),
    };
  }

  private validBatch(user: string): { checkIns: Obj[]; predictions: Obj[] } {
    const r = this.r;
    const sent = this.sent.get(user)!;
    const checkIns = Array.from({ length: r.int(0, 4) }, () => this.checkIn(user));
    // Duplicates: check-ins sent before, sent again (a retry after a lost response).
    if (sent.length > 0 && r.chance(0.4)) checkIns.push(...Array.from({ length: r.int(1, 2) }, () => r.pick(sent)));
    const predictions = checkIns.flatMap((c) => Array.from({ length: r.int(0, 3) }, () => this.prediction(user, c.id as string)));
    if (sent.length > 0 && r.chance(0.2)) predictions.push(this.prediction(user, r.pick(sent).id as string));
    sent.push(...checkIns.filter((c) => !sent.includes(c)));
    return { checkIns, predictions };
  }

  private push(user: string, batch: { checkIns: Obj[]; predictions: Obj[] }, epoch = this.epochs.get(user)!): RecordedRequest {
    const body = JSON.stringify({ p_epoch: epoch, p_check_ins: batch.checkIns, p_predictions: batch.predictions });
    return { method: "POST", path: "/rest/v1/rpc/push_changes", auth: { kind: "user", sub: user }, body };
  }

  /** A batch with one thing wrong in it (or a stale epoch), somewhere among valid rows. */
  private badPush(user: string): RecordedRequest {
    const r = this.r;
    const batch = this.validBatch(user);
    // The refused row is a new check-in, somewhere in the batch (valid rows before and after it).
    const victim = this.checkIn(user);
    batch.checkIns.splice(r.int(0, batch.checkIns.length), 0, victim);
    const p = this.prediction(user, victim.id as string);
    const fault = r.int(0, 31);
    const other = this.users.find((u) => u !== user)!;
    switch (fault) {
      case 0: victim.user_id = other; break; // forged: another user's id
      case 1: victim.user_id = uuid(r); break; // forged: no such account
      case 2: victim.mood = r.pick([0, 11]); break;
      case 3: victim.energy = 11; victim.stress = 0; break;
      case 4: victim.activity_minutes = r.pick([-1, 1441]); break;
      case 5: victim.sleep_hours = r.pick([24.05, -1, 99.94]); break;
      case 6: victim.notes = r.pick(["x".repeat(2001), "😀".repeat(2001)]); break;
      case 7: victim.checkin_date = new Date(this.nowMs + 3 * 86_400_000).toISOString(); break;
      case 8: victim.mood = null; break;
      case 9: victim.sleep_hours = r.pick([100, 99.95]); break;
      case 10: victim.mood = r.pick([6.5, 40000, "six"]); break;
      case 11: victim.checkin_date = r.pick(["not a date", "2026-13-01T00:00:00Z", "2026-02-30"]); break;
      case 12: victim.id = r.pick(["abc", null]); break;
      case 13: victim.notes = "a\u0000b"; break;
      case 14: batch.predictions.push({ ...p, checkin_id: uuid(r) }); break; // its check-in is missing
      case 15: batch.predictions.push({ ...p, prediction_type: "astrology" }); break;
      case 16: batch.predictions.push({ ...p, label: r.pick(["", "l".repeat(51)]) }); break;
      case 17: batch.predictions.push({ ...p, model_name: r.pick(["", "m".repeat(101)]) }); break;
      case 18: batch.predictions.push({ ...p, probabilities: r.pick([[0.5], [1.5, 0], ["x", 0.5], { a: 1 }, [[0.5], 0.5], [[0.5, 2], 0.5], [[], 0.5], [[[0.5]], 0.1], [{ a: 1 }, 0.1], 0.5]) }); break;
      case 19: batch.predictions.push({ ...p, score: r.pick(["Infinity", "NaN", null, "abc"]) }); break;
      case 20: batch.predictions.push({ ...p, user_id: other }); break;
      case 21: { // a prediction pointing at another user's check-in (which may or may not exist)
        const theirs = this.sent.get(other)!;
        batch.predictions.push({ ...p, checkin_id: theirs.length > 0 ? r.pick(theirs).id : uuid(r) });
        break;
      }
      case 22: batch.predictions.push({ ...p, model_version: "" }); break;
      case 23: victim.created_at = "yesterday-ish"; break;
      case 24: batch.predictions.push({ ...p, checkin_id: "nope" }); break;
      case 25: return this.push(user, batch, this.epochs.get(user)! + r.pick([1, -1, 5]));
      case 26: victim.notes = "\u0000"; batch.checkIns.reverse(); break;
      case 27: victim.change_seq = r.pick([7, "abc", 1.5, null]); break; // 013 ignores the value, but still reads it as bigint
      case 29: victim.checkin_date = r.pick(["1999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"]); break; // 014: from 2000 on
      case 30: // 014: a 21st decimal place, or a document past 400 bytes (three nested arrays of ten 16-decimal numbers)
        batch.predictions.push({ ...p, probabilities: r.pick([[1.2345678901234567e-7, 0.5], Array.from({ length: 3 }, () => Array.from({ length: 10 }, () => 0.1234567890123456))]) });
        break;
      case 31: // 014: 100 more check-ins on the victim's UTC day (the 101st of the day is refused, or an earlier one)
        // Small rows (~150 bytes): a body of 100 full ones (emoji notes) can reach 600 KB, and PostgREST answers a bad
        // token before reading it, resetting the connection while the gateway still writes.
        batch.checkIns.push(...Array.from({ length: 100 }, () => ({ id: uuid(r), user_id: user, checkin_date: victim.checkin_date, mood: 5, energy: 5, stress: 5 })));
        break;
      default: batch.predictions.unshift({ ...p, checkin_id: uuid(r) }, { ...p, id: uuid(r), score: "Infinity" }); break; // FK and CHECK in one statement
    }
    return this.push(user, batch);
  }

  private pull(user: string): RecordedRequest {
    const r = this.r;
    const table = r.pick(["check_ins", "predictions", "sync_tombstones"] as const);
    const columns = table === "check_ins" ? `${CHECK_IN_COLUMNS},change_seq` : table === "predictions" ? `${PREDICTION_COLUMNS},change_seq` : "checkin_id,change_seq";
    const c = r.int(0, 12);
    const l = c + r.int(0, 30);
    const limit = r.pick([1, 2, 3, 5, 50, 1000, 1500]);
    return this.get(user, `/rest/v1/${table}?select=${columns}&user_id=eq.${this.target(user)}&change_seq=gt.${c}&change_seq=lte.${l}&order=change_seq.asc&limit=${limit}`);
  }

  /** The app's history page and its tie query (lib/data/check-ins/supabase-history.ts), encoded as supabase-js does. */
  private history(user: string): RecordedRequest {
    const r = this.r;
    const params = new URLSearchParams({ select: CHECK_IN_COLUMNS, user_id: `eq.${this.target(user)}` });
    const stamp = () => r.pick(this.dates).replace(/\.000Z$/, "+00:00").replace("Z", "+00:00");
    if (r.chance(0.3)) params.append("checkin_date", `eq.${stamp()}`);
    else {
      if (r.chance(0.5)) params.append("checkin_date", `lt.${stamp()}`);
      if (r.chance(0.3)) params.append("checkin_date", `gt.${stamp()}`);
    }
    params.append("order", "checkin_date.desc");
    params.append("limit", String(r.pick([2, 3, 4, 101, 1000])));
    return this.get(user, `/rest/v1/check_ins?${params.toString().replace(/%2C/g, ",")}`);
  }

  private get(user: string, path: string): RecordedRequest {
    return { method: "GET", path, auth: { kind: "user", sub: user } };
  }
}

export function generateSequence(seed: number, nowMs: number): RecordedSequence {
  return new Generator(mulberry32(seed), nowMs).sequence(`seed ${seed}`);
}

/** For a history request: the query's limit when it orders by checkin_date (ties there are the database's choice). */
export function historyLimit(path: string): number | null {
  const query = new URL(path, "http://x").searchParams;
  return query.get("order") === "checkin_date.desc" ? Number(query.get("limit")) : null;
}
