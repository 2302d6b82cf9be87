import { describe, expect, it } from "vitest";
import { MIN_PASSWORD_LENGTH, newPasswordProblems } from "@/lib/auth/password-rules";

describe("newPasswordProblems: at least 10 characters, a letter and a digit (Auth's letters_digits)", () => {
  it("accepts a password that meets every rule", () => {
    expect(newPasswordProblems("horse battery 42")).toEqual([]);
    expect(newPasswordProblems("abcdefghi1")).toEqual([]);
  });

  it("counts characters, not UTF-16 units", () => {
    // 9 characters (the emoji is 2 UTF-16 units): too short although .length is 10.
    expect("abcdefg1😀".length).toBe(10);
    expect(newPasswordProblems("abcdefg1😀")).toEqual([`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`]);
  });

  it.each([
    ["abcdefgh1", ["The password needs at least 10 characters."]],
    ["correct horse battery", ["The password needs at least one digit (0–9)."]],
    ["1234567890", ["The password needs at least one letter (a–z or A–Z)."]],
    ["éééééééééé1", ["The password needs at least one letter (a–z or A–Z)."]],
    ["", ["The password needs at least 10 characters.", "The password needs at least one letter (a–z or A–Z).", "The password needs at least one digit (0–9)."]],
  ])("%j → %j", (password, problems) => {
    expect(newPasswordProblems(password)).toEqual(problems);
  });
});
