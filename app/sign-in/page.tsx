import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";
import { SignInForm } from "./_components/sign-in-form";
import { QueryProvider } from "../_components/query-provider";

export const metadata: Metadata = { title: "Sign in · Check-in" };

export default function SignInPage() {
  return (
    <section>
      <h1>Sign in</h1>
      {env.mode === "supabase" ? (
        <QueryProvider>
          <SignInForm />
        </QueryProvider>
      ) : (
        // A page rather than a 404: the service worker precaches every prerendered page, and a 404 would fail its install.
        <p className="notice">
          This app runs in local mode: there are no accounts, and your check-ins stay in this browser.{" "}
          <Link href="/">Check in</Link>.
        </p>
      )}
    </section>
  );
}
