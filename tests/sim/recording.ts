/**
 * The REST requests of a simulated run, as the differential test replays them against real PostgREST: in order, each
 * with the person it acts as (replay signs a fresh token for that user id), and what the model answered.
 *
 * File format (`--record <dir>` writes `<dir>/seed-<n>.json`, one Recording each):
 *   { version: 1, seed, users: [user id…], requests: [{ as, method, path, query, body, status, response }…] }
 * `path` is below /rest/v1 (e.g. "/rpc/push_changes", "/check_ins"); `query` is the URL's search string ("" or
 * "?select=…"); `body` the parsed JSON sent ({} for a GET); `status`/`response` the model's answer. Only requests
 * the model answered are listed (faults injected before the server are not; a response lost after the server
 * applied it is).
 */
export type RecordedRequest = { as: string; method: string; path: string; query: string; body: unknown; status: number; response: unknown };
export type Recording = { version: 1; seed: number; users: string[]; requests: RecordedRequest[] };
