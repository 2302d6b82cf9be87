import { z } from "zod";

/**
 * Public configuration. Only NEXT_PUBLIC_* variables are read here, so this module is safe in client bundles;
 * a service-role key is never read by client code (and must never be given a NEXT_PUBLIC_ name).
 *
 * Both Supabase variables absent → local mode (data in the browser). Both present → Supabase mode.
 * One without the other is a misconfiguration, and the app refuses to start with a message naming what is missing.
 */
export class EnvError extends Error {
  override name = "EnvError";
}

const optionalNonEmpty = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const rawSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: optionalNonEmpty,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalNonEmpty,
});

export type AppEnv =
  | { mode: "local" }
  | { mode: "supabase"; supabaseUrl: string; supabaseAnonKey: string };

export type RawEnv = Partial<Record<"NEXT_PUBLIC_SUPABASE_URL" | "NEXT_PUBLIC_SUPABASE_ANON_KEY", string | undefined>>;

export function parseEnv(raw: RawEnv): AppEnv {
  const parsed = rawSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EnvError(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const url = parsed.data.NEXT_PUBLIC_SUPABASE_URL;
  const key = parsed.data.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (url === undefined && key === undefined) return { mode: "local" };

  const missing: string[] = [];
  if (url === undefined) missing.push("NEXT_PUBLIC_SUPABASE_URL");
  if (key === undefined) missing.push("NEXT_PUBLIC_SUPABASE_ANON_KEY");
  if (missing.length > 0) {
    throw new EnvError(
      `Supabase is half configured: missing ${missing.join(" and ")}. ` +
        "Set both NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY (Supabase dashboard → Project Settings → API), " +
        "or unset both to run in local mode.",
    );
  }
  const urlCheck = z.url({ protocol: /^https?$/ }).safeParse(url);
  if (!urlCheck.success) {
    throw new EnvError(`NEXT_PUBLIC_SUPABASE_URL is not an http(s) URL: "${url}".`);
  }
  return { mode: "supabase", supabaseUrl: url!, supabaseAnonKey: key! };
}

/**
 * The app's environment. Next inlines NEXT_PUBLIC_* only when they are written out literally like this,
 * so the object below must not be replaced by `process.env` itself.
 */
export const env: AppEnv = parseEnv({
  NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
});
