// Runs once when the Next.js server starts: a half-configured Supabase environment stops the server here,
// with lib/env.ts's message, instead of failing later on some request.
export async function register(): Promise<void> {
  await import("./lib/env");
}
