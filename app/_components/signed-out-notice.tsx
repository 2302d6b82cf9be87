import Link from "next/link";

export function SignedOutNotice() {
  return (
    <p className="notice" role="status">
      You are signed out. <Link href="/sign-in">Sign in</Link> to see your check-ins.
    </p>
  );
}
