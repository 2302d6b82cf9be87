// npx tsx tests/stack/serve.ts [--port 54321] [--access-token-ttl 3600]
// Starts the test stack and keeps it up until SIGINT/SIGTERM; prints one "ready" line (Playwright's webServer waits
// for the URL). Everything it started is stopped on the way out, so no postgres or PostgREST outlives it.
import { parseArgs } from "node:util";
import { startSupabaseStack } from "./start-stack";

const { values } = parseArgs({ options: { port: { type: "string", default: "54321" }, "access-token-ttl": { type: "string" } } });
const stack = await startSupabaseStack({
  port: Number(values.port),
  accessTokenTtlSeconds: values["access-token-ttl"] === undefined ? undefined : Number(values["access-token-ttl"]),
});
console.log(`[stack] ready at ${stack.url} (PostgREST ${stack.postgrestUrl}, PostgreSQL port ${stack.db.port})`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[stack] ${signal}: stopping`);
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGHUP", () => void shutdown("SIGHUP"));
