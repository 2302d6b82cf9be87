// The benchmark's ports. On a shared machine each engineer owns a range, and a benchmark that picked free ports at
// random could take one another job is about to bind: BENCH_PG_PORT and BENCH_HTTP_PORT set the start of each range.

export type BenchPorts = { postgres: number; gateway: number; postgrest: { port: number; adminPort: number } };

export class BenchPortsError extends Error {
  override name = "BenchPortsError";
}

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65_530) {
    throw new BenchPortsError(`${name} must be a port number from 1024 to 65530; got "${raw}".`);
  }
  return port;
}

/** Part `index` (0: the 1M study, 1: the scale curve) gets PostgreSQL port base + index and three HTTP ports. */
export function benchPorts(index: number): BenchPorts {
  const pg = portFrom("BENCH_PG_PORT", 55_400);
  const http = portFrom("BENCH_HTTP_PORT", 3400);
  return { postgres: pg + index, gateway: http + 3 * index, postgrest: { port: http + 3 * index + 1, adminPort: http + 3 * index + 2 } };
}
