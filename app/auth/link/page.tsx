import type { Metadata } from "next";
import { ConfirmLink } from "./_components/confirm-link";
import { QueryProvider } from "../../_components/query-provider";

export const metadata: Metadata = { title: "Sign in with an email link · Check-in" };

/** Where /auth/confirm sends a `token_hash` link: nothing signs in until the person presses the button. */
export default function LinkPage() {
  return (
    <section>
      <h1>Sign in with an email link</h1>
      <QueryProvider>
        <ConfirmLink />
      </QueryProvider>
    </section>
  );
}
