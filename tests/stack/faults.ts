/**
 * Faults the gateway injects for chaos tests: the next `count` matching requests (or all, until cleared) answer
 * `status` at once, or are held for `delayMs` before going through. The control API (/__stack) is never faulted.
 */
export type FaultTarget = "rest" | "auth" | "both";

/**
 * `method`: only requests with this method (e.g. "POST": an upload, whatever path the sync engine posts to, while its
 * pulls go through).
 */
export type FaultSpec =
  | { target: FaultTarget; mode: "error"; status?: number; count?: number; pathPrefix?: string; method?: string }
  | { target: FaultTarget; mode: "delay"; delayMs: number; count?: number; pathPrefix?: string; method?: string };

export type FaultDecision = { kind: "none" } | { kind: "error"; status: number } | { kind: "delay"; delayMs: number };

export class FaultError extends Error {
  override name = "FaultError";
}

export class Faults {
  private active: (FaultSpec & { remaining: number }) | null = null;

  set(spec: FaultSpec): void {
    if (!["rest", "auth", "both"].includes(spec.target)) throw new FaultError(`fault target must be rest, auth or both; got ${String(spec.target)}`);
    if (spec.mode === "delay" && !(spec.delayMs >= 0)) throw new FaultError("a delay fault needs delayMs >= 0");
    if (spec.mode !== "delay" && spec.mode !== "error") throw new FaultError(`fault mode must be error or delay; got ${String((spec as { mode: unknown }).mode)}`);
    this.active = { ...spec, remaining: spec.count ?? Number.POSITIVE_INFINITY };
  }

  clear(): void {
    this.active = null;
  }

  /** Decides for one request and uses up one of the fault's `count`. */
  take(service: "rest" | "auth", path: string, method = "GET"): FaultDecision {
    const fault = this.active;
    if (fault === null) return { kind: "none" };
    if (fault.target !== "both" && fault.target !== service) return { kind: "none" };
    if (fault.pathPrefix !== undefined && !path.startsWith(fault.pathPrefix)) return { kind: "none" };
    if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) return { kind: "none" };
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active = null;
    return fault.mode === "error" ? { kind: "error", status: fault.status ?? 503 } : { kind: "delay", delayMs: fault.delayMs };
  }
}
