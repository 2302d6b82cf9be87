import { describe, expect, it } from "vitest";
import { maskEmail } from "@/lib/auth/mask-email";

describe("maskEmail", () => {
  it.each([
    ["bob@example.com", "b…@example.com"],
    ["b@example.com", "b…@example.com"],
    ["émile.zola@mail.fr", "é…@mail.fr"],
    ["😀x@example.com", "😀…@example.com"],
  ])("%s → %s", (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it.each(["", "example.com", "@example.com", "bob@", "a@b@example.com"])("refuses %j", (email) => {
    expect(maskEmail(email)).toBeNull();
  });
});
