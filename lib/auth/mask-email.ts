/**
 * An email shortened for the sign-in-link page: the first character of the name and the whole domain,
 * `b…@example.com`. Enough for the person the link was sent to to recognise their address; less for anyone reading
 * over a shoulder or a screenshot of a forwarded link. Null for anything that is not one `@` between two non-empty parts.
 */
export function maskEmail(email: string): string | null {
  const at = email.indexOf("@");
  if (at <= 0 || at !== email.lastIndexOf("@") || at === email.length - 1) return null;
  const name = [...email.slice(0, at)];
  return `${name[0]}…@${email.slice(at + 1)}`;
}
