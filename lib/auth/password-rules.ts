/**
 * The rules for a new password, the same as Supabase Auth's (supabase/config.toml: minimum_password_length = 10,
 * password_requirements = "letters_digits"; the hosted project must mirror them, docs/security.md). The form checks
 * them first so that the person reads our sentence, not Auth's. Sign-in does not check them: a password chosen under
 * older rules must still work.
 */
export const MIN_PASSWORD_LENGTH = 10;

// Auth's letters_digits: at least one of a–z/A–Z and one of 0–9 (ASCII, as GoTrue counts them).
const LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;

/** What a new password lacks, one sentence per rule broken; empty when it is acceptable. */
export function newPasswordProblems(password: string): string[] {
  const problems: string[] = [];
  // Characters, not UTF-16 units: an emoji is one character to the person typing it.
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (!LETTER.test(password)) problems.push("The password needs at least one letter (a–z or A–Z).");
  if (!DIGIT.test(password)) problems.push("The password needs at least one digit (0–9).");
  return problems;
}
