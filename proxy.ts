import type { NextRequest } from "next/server";
import { withContentSecurityPolicy } from "@/lib/security/page-policy";
import { updateSession } from "@/lib/supabase/proxy";

// Next 16's middleware: only delegates to lib/ — the session refresh (Supabase mode), then the pages' CSP, set on the
// response updateSession returns (it may replace its response when it refreshes cookies).
export async function proxy(request: NextRequest) {
  return withContentSecurityPolicy(await updateSession(request));
}

export const config = {
  // Not for static files, the service worker, the models or the onnxruntime wasm: they never need a session.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|manifest.webmanifest|sw.js|swe-worker|models/|ort/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|onnx|gz|wasm|mjs)$).*)"],
};
