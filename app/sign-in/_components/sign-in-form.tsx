"use client";

import "@/lib/validation/zod-no-eval";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useSyncExternalStore } from "react";
import { z } from "zod";
import { MIN_PASSWORD_LENGTH, newPasswordProblems } from "@/lib/auth/password-rules";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { sessionKeys } from "@/lib/data/session/keys";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { createClient } from "@/lib/supabase/client";

const credentialsSchema = z.object({
  email: z.email("Enter an email address like you@example.com."),
  // Sign-in accepts whatever Auth accepts (a password from older, shorter rules included); sign-up checks the rules.
  password: z.string().min(1, "Enter your password."),
});

const noSubscription = () => () => {};

type Message = { kind: "error" | "info"; text: string } | null;

/** Supabase Auth email + password: sign in, or sign up (Supabase then emails a link to /auth/confirm). */
export function SignInForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // false in the prerendered HTML: until React runs, the buttons stay disabled, because a native submission would put
  // the email and the password in a GET URL (server and proxy logs, browser history).
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);

  // /auth/confirm sends people back here with ?error=<code> when an email link did not sign in. Only the code's fixed
  // sentence is shown: anyone can write any text into a link to this page.
  const linkError = useSyncExternalStore(
    noSubscription,
    () => signInErrorMessage(new URLSearchParams(window.location.search).get("error")),
    () => null,
  );
  const shown: Message = message ?? (linkError ? { kind: "error", text: linkError } : null);

  const submit = async (e: FormEvent<HTMLFormElement>, action: "sign-in" | "sign-up") => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setMessage({ kind: "error", text: parsed.error.issues.map((i) => i.message).join(" ") });
      return;
    }
    const weak = action === "sign-up" ? newPasswordProblems(parsed.data.password) : [];
    if (weak.length > 0) {
      setMessage({ kind: "error", text: weak.join(" ") });
      return;
    }
    setBusy(true);
    const supabase = createClient();
    const { email, password } = parsed.data;
    const result =
      action === "sign-in"
        ? await supabase.auth.signInWithPassword({ email, password })
        : await supabase.auth.signUp({ email, password, options: { emailRedirectTo: `${location.origin}/auth/confirm` } });
    setBusy(false);
    if (result.error) {
      setMessage({ kind: "error", text: result.error.message });
      return;
    }
    if (action === "sign-up" && !result.data.session) {
      setMessage({ kind: "info", text: "Check your email: follow the link to confirm your account, then sign in." });
      return;
    }
    if (result.data.session) {
      // The device's account now, through the sync engine that owns it: another person's data leaves the device first,
      // and the pages show this person's data at once (Auth's SIGNED_IN would do the same, a tick later).
      const { session } = result.data;
      const { getPageSyncEngine } = await import("@/lib/data/sync/start-sync");
      const engine = getPageSyncEngine();
      if (engine) await engine.adoptSession(session);
      else {
        const { switchAccount } = await import("@/lib/data/sync/switch-account");
        await switchAccount(browserLocalStore(), browserChangeBus(), { userId: session.user.id, email: session.user.email ?? null });
      }
    }
    await queryClient.invalidateQueries({ queryKey: sessionKeys.currentUser() });
    router.push("/");
  };

  return (
    <form
      className="card checkin-form"
      aria-label="Sign in"
      method="post"
      onSubmit={(e) => {
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        void submit(e, submitter?.value === "sign-up" ? "sign-up" : "sign-in");
      }}
    >
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required aria-describedby="password-rules" />
        <p id="password-rules" className="muted">
          New accounts: at least {MIN_PASSWORD_LENGTH} characters, with letters and digits.
        </p>
      </div>
      <div className="actions">
        <button type="submit" className="primary" value="sign-in" disabled={busy || !hydrated}>Sign in</button>
        <button type="submit" value="sign-up" disabled={busy || !hydrated}>Sign up</button>
      </div>
      {!hydrated && (
        <p role="status" className="muted">
          Still loading: you can sign in once the page has finished loading (it needs JavaScript).
        </p>
      )}
      {shown && (
        <p role={shown.kind === "error" ? "alert" : "status"} className={shown.kind === "error" ? "error-text" : "notice"}>
          {shown.text}
        </p>
      )}
    </form>
  );
}
