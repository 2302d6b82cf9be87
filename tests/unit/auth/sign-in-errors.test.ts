import { describe, expect, it } from "vitest";
import { SIGN_IN_ERRORS, signInErrorMessage, UNKNOWN_SIGN_IN_ERROR } from "@/lib/auth/sign-in-errors";

describe("signInErrorMessage: /sign-in?error= shows only fixed sentences", () => {
  it("maps each known code to its sentence", () => {
    for (const [code, text] of Object.entries(SIGN_IN_ERRORS)) expect(signInErrorMessage(code)).toBe(text);
  });

  it.each([
    "Your account is locked. Call +1 555 0100 to unlock it.",
    "<img src=x onerror=alert(1)>",
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "",
    "LINK_INVALID",
  ])("shows the generic sentence for %j, never the text", (code) => {
    expect(signInErrorMessage(code)).toBe(UNKNOWN_SIGN_IN_ERROR);
  });

  it("shows nothing without an error", () => {
    expect(signInErrorMessage(null)).toBeNull();
  });
});
