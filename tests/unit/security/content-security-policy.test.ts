import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, ScriptHashFormatError } from "@/lib/security/content-security-policy";
import { loadScriptHashes, ScriptHashesUnavailableError } from "@/lib/security/script-hashes";

const HASH = "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=";
const scriptSrc = (policy: string) => policy.split("; ").find((d) => d.startsWith("script-src "));

describe("contentSecurityPolicy", () => {
  it("production: the build's hashes, wasm compilation, and neither 'unsafe-inline' nor 'unsafe-eval'", () => {
    const policy = contentSecurityPolicy({ scriptHashes: [HASH], development: false });
    expect(scriptSrc(policy)).toBe(`script-src 'self' '${HASH}' 'wasm-unsafe-eval'`);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self';");
  });

  it("development keeps 'unsafe-inline' and 'unsafe-eval' (next dev renders per request; React's dev build evals)", () => {
    const policy = contentSecurityPolicy({ scriptHashes: [], development: true });
    expect(scriptSrc(policy)).toBe("script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' 'unsafe-eval'");
    expect(policy).toContain("connect-src 'self' ws:;");
  });

  it("Supabase mode: the project's origin for REST and Auth, and no websocket (the app does not use Realtime)", () => {
    const policy = contentSecurityPolicy({ scriptHashes: [HASH], supabaseOrigin: "https://abc.supabase.co", development: false });
    expect(policy).toContain("connect-src 'self' https://abc.supabase.co;");
    expect(policy).not.toMatch(/wss?:/);
  });

  it("refuses something that is not a hash source (a quote or a space would open the policy up)", () => {
    for (const bad of ["'unsafe-inline'", "sha256-abc= 'unsafe-inline'", "sha1-abc=", ""]) {
      expect(() => contentSecurityPolicy({ scriptHashes: [bad], development: false })).toThrow(ScriptHashFormatError);
    }
  });
});

describe("loadScriptHashes", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "csp-hashes-"));
  const file = (name: string, text: string) => {
    const full = path.join(dir, name);
    writeFileSync(full, text);
    return full;
  };

  it("reads the list the build wrote", () => {
    expect(loadScriptHashes(file("ok.json", JSON.stringify({ version: 1, hashes: [HASH], pages: { "app/index": 3 } })))).toEqual([HASH]);
  });

  it("a missing, broken or empty list is a named error that says to run npm run build", () => {
    expect(() => loadScriptHashes(path.join(dir, "absent.json"))).toThrow(ScriptHashesUnavailableError);
    expect(() => loadScriptHashes(file("broken.json", "{"))).toThrow(/npm run build/);
    expect(() => loadScriptHashes(file("empty.json", JSON.stringify({ version: 1, hashes: [], pages: {} })))).toThrow(ScriptHashesUnavailableError);
    expect(() => loadScriptHashes(file("bad.json", JSON.stringify({ version: 1, hashes: ["'unsafe-inline'"], pages: {} })))).toThrow(
      ScriptHashesUnavailableError,
    );
  });
});
