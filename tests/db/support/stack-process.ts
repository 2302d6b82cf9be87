import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ControlClient } from "@/tests/stack/control-client";
import { ANON_KEY } from "@/tests/stack/jwt";
import { freePort } from "./postgres";

/**
 * The test stack (tests/stack/serve.ts: real PostgreSQL, real PostgREST, the Auth imitation) in its own process, so
 * that the server keeps the real time while a test moves the device's clock (device-clock.ts): in one process the
 * Auth imitation would stamp its tokens with the skewed clock too.
 */
export type StackProcess = { url: string; anonKey: string; control: ControlClient; stop: () => Promise<void> };

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export class StackProcessError extends Error {
  override name = "StackProcessError";
}

export async function startStackProcess(): Promise<StackProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(`${ROOT}node_modules/.bin/tsx`, ["tests/stack/serve.ts", "--port", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("[stack] ready at")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new StackProcessError(`the test stack exited before it was ready:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    anonKey: ANON_KEY,
    control: new ControlClient(url),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
