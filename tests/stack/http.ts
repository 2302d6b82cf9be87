import type { IncomingMessage, ServerResponse } from "node:http";

/** What the Auth imitation and the control API answer; the gateway writes it (adding CORS headers). */
export type StackResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export class BadRequestError extends Error {
  override name = "BadRequestError";
}

export const json = (status: number, body?: unknown, headers?: Record<string, string>): StackResponse => ({ status, body, headers });

/** Reads a JSON request body; an empty body is `{}`. */
export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError("the request body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new BadRequestError("the request body must be a JSON object");
  return parsed as Record<string, unknown>;
}

export function send(response: ServerResponse, result: StackResponse, extraHeaders: Record<string, string> = {}): void {
  const hasBody = result.body !== undefined && result.status !== 204;
  response.writeHead(result.status, {
    ...extraHeaders,
    ...(hasBody ? { "content-type": "application/json" } : {}),
    ...result.headers,
  });
  response.end(hasBody ? JSON.stringify(result.body) : undefined);
}

export function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") throw new BadRequestError(`"${name}" must be a non-empty string`);
  return value;
}
