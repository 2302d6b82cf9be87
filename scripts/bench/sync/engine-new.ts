import type { BenchEngine, BenchEngineContext } from "./bench-engine";
import { BenchEngineError } from "./bench-engine";

/** Issue 18's SyncEngine (docs/sync-design.md §4): written when the engine lands on main. */
export async function newEngine(_ctx: BenchEngineContext): Promise<BenchEngine> {
  throw new BenchEngineError("issue 18's SyncEngine is not on this branch yet: run with --engine today");
}
