import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("runs in local mode when both Supabase variables are absent", () => {
    expect(parseEnv({})).toEqual({ mode: "local" });
  });

  it("treats empty and whitespace-only values as absent", () => {
    expect(parseEnv({ NEXT_PUBLIC_SUPABASE_URL: "", NEXT_PUBLIC_SUPABASE_ANON_KEY: "  " })).toEqual({ mode: "local" });
  });

  it("runs in Supabase mode when both are present", () => {
    expect(parseEnv({ NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co", NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon" })).toEqual({
      mode: "supabase",
      supabaseUrl: "https://abc.supabase.co",
      supabaseAnonKey: "anon",
    });
  });

  it("names the missing key when only the URL is set", () => {
    expect(() => parseEnv({ NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co" })).toThrowError(
      /missing NEXT_PUBLIC_SUPABASE_ANON_KEY/,
    );
  });

  it("names the missing URL when only the key is set", () => {
    expect(() => parseEnv({ NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon" })).toThrowError(/missing NEXT_PUBLIC_SUPABASE_URL/);
  });

  it("rejects a URL that is not http(s) with a named error", () => {
    expect(() => parseEnv({ NEXT_PUBLIC_SUPABASE_URL: "abc.supabase.co", NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon" })).toThrowError(EnvError);
  });
});
