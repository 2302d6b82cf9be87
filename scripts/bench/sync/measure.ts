import os from "node:os";
import { performance } from "node:perf_hooks";
import type { ControlClient } from "../../../tests/stack/control-client";

/**
 * One timed phase of the sync benchmark: wall time, the requests the gateway saw (its request log: what crossed the
 * network, whoever sent it), rows per second, and the machine's load average before and after (the machine is shared:
 * a figure means little without it).
 */
export type PhaseFigures = {
  ms: number;
  /** Requests to PostgREST (/rest/v1) and to Auth (/auth/v1) during the phase. */
  requests: { rest: number; auth: number; byMethodAndPath: Record<string, number> };
  checkInsPerSecond: number;
  /** Check-ins and predictions (six rows per check-in). */
  rowsPerSecond: number;
  /** Milliseconds per check-in (with its five predictions). */
  msPerCheckIn: number;
  loadAverage: { before: number[]; after: number[] };
  /** Of `ms`, the time inside the engine's fetch calls (null: not measured); the rest is the device's own work. */
  inFetchMs: number | null;
};

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function measurePhase<T>(
  control: ControlClient,
  checkIns: number,
  run: () => Promise<T>,
  network: { ms: number; calls: number } | null = null,
): Promise<{ figures: PhaseFigures; result: T }> {
  await control.clearRequests();
  if (network) {
    network.ms = 0;
    network.calls = 0;
  }
  const before = os.loadavg().map((x) => round(x, 2));
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const after = os.loadavg().map((x) => round(x, 2));
  const logged = await control.requests();
  const byMethodAndPath: Record<string, number> = {};
  for (const r of logged) byMethodAndPath[`${r.method} ${r.path}`] = (byMethodAndPath[`${r.method} ${r.path}`] ?? 0) + 1;
  return {
    result,
    figures: {
      ms: Math.round(ms),
      requests: {
        rest: logged.filter((r) => r.path.startsWith("/rest/v1/")).length,
        auth: logged.filter((r) => r.path.startsWith("/auth/v1/")).length,
        byMethodAndPath,
      },
      checkInsPerSecond: round(checkIns / (ms / 1000)),
      rowsPerSecond: round((checkIns * 6) / (ms / 1000)),
      msPerCheckIn: round(ms / checkIns, 3),
      loadAverage: { before, after },
      inFetchMs: network ? Math.round(network.ms) : null,
    },
  };
}
