/**
 * Why a sign-in did not happen, as `/sign-in?error=<code>` says it. Only a code travels in the URL, and only these
 * fixed sentences are ever shown: a link could otherwise put any wording on this origin ("Your account is locked, call
 * …") and have the page present it as ours.
 */
export const SIGN_IN_ERRORS = {
  link_invalid: "The sign-in link is invalid or has expired. Sign in, or ask for a new link.",
  link_incomplete: "This sign-in link is incomplete: it does not say which account it is for. Ask for a new link.",
  link_account_mismatch: "This link does not belong to the account it names, so nobody was signed in. Ask for a new link from the sign-in page.",
  not_configured: "This app runs without accounts, so links from emails do nothing here.",
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

/** What any other code shows: never the code itself, which anyone can write into a link. */
export const UNKNOWN_SIGN_IN_ERROR = "Signing in did not work. Sign in again, or ask for a new link.";

const isKnown = (code: string): code is SignInErrorCode => Object.hasOwn(SIGN_IN_ERRORS, code);

/** The sentence for `?error=`, or null when there is no error to show. */
export function signInErrorMessage(code: string | null): string | null {
  if (code === null) return null;
  return isKnown(code) ? SIGN_IN_ERRORS[code] : UNKNOWN_SIGN_IN_ERROR;
}
