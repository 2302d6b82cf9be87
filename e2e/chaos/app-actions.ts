import { expect, type Page } from "@playwright/test";
import { seqOfValues } from "../../tests/chaos/schedule";

/**
 * The person's moves in the app, for the chaos run: each one tolerates the app being slow (a hung gateway) and says
 * whether it happened, instead of failing the test — the invariants at the end are the judge.
 */
export const PASSWORD = "correct horse battery";

/** The email in the header, or null when signed out (or the page is not the app: a browser error page offline). */
export async function signedInEmail(page: Page): Promise<string | null> {
  const email = page.getByTestId("account-email");
  const signIn = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" });
  try {
    await expect(email.or(signIn)).toBeVisible({ timeout: 15_000 });
  } catch {
    return null;
  }
  return (await email.isVisible()) ? (await email.textContent())?.trim() ?? null : null;
}

/** Goes to the app's home if not there; false when it cannot be reached (offline before the worker has it). */
export async function ensureHome(page: Page): Promise<boolean> {
  try {
    if (new URL(page.url()).pathname !== "/" || !(await page.getByRole("button", { name: /Save check-in|Saving…|Loading…/ }).isVisible())) {
      await page.goto("/", { timeout: 30_000 });
    }
    await expect(page.getByRole("button", { name: "Save check-in" })).toBeEnabled({ timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export async function fillAndClickSave(page: Page, values: { mood: number; energy: number; stress: number; sleep: number | null; activity: number | null; notes: string }): Promise<void> {
  const fields: [string, string][] = [
    ["Mood", String(values.mood)],
    ["Energy", String(values.energy)],
    ["Stress", String(values.stress)],
    ["Sleep (hours)", values.sleep === null ? "" : String(values.sleep)],
    ["Activity (minutes)", values.activity === null ? "" : String(values.activity)],
    ["Notes", values.notes],
  ];
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Save check-in" }).click();
}

/**
 * After the click: the acknowledgement, or null. The form empties in the same render that starts the save (which also
 * hides the previous save's results), so results seen after that are this save's.
 */
export async function waitForAcknowledgement(page: Page): Promise<{ predictions: number } | { unacknowledged: string }> {
  try {
    await expect(page.getByLabel("Notes", { exact: true })).toHaveValue("", { timeout: 30_000 });
    const results = page.getByTestId("prediction-results");
    // The first save on a device downloads the models: minutes on a loaded machine. A person would wait for it.
    await expect(results).toBeVisible({ timeout: 150_000 });
    await expect(page.getByRole("status").filter({ hasText: /Check-in saved|Saved on this device/ })).toBeVisible();
    await expect(results.getByRole("listitem")).toHaveCount(5);
    if (await page.getByTestId("predictions-not-stored").isVisible()) return { predictions: 0 };
    const failed = await results.getByRole("listitem").filter({ hasText: "not available" }).count();
    return { predictions: 5 - failed };
  } catch {
    // What the page said instead, for the run's log.
    const said = await page.getByRole("alert").allTextContents().catch(() => []);
    return { unacknowledged: said.join(" / ") || "no answer" };
  }
}

export async function signIn(page: Page, email: string): Promise<boolean> {
  // Auth may be answering 503 or hanging (an injected fault): a person tries again.
  for (let attempt = 0; attempt < 4; attempt += 1) {
    try {
      await page.goto("/sign-in", { timeout: 30_000 });
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("account-email")).toHaveText(email, { timeout: 20_000 });
      await expect(page.getByTestId("sign-in-again-badge")).toBeHidden({ timeout: 10_000 });
      return true;
    } catch {
      await page.waitForTimeout(1_000);
    }
  }
  return false;
}

/** Signs out, keeping unsent check-ins for the next sign-in (the choice that loses nothing). */
export async function signOutKeeping(page: Page): Promise<boolean> {
  if (!(await ensureHome(page))) return false;
  if ((await signedInEmail(page)) === null) return true;
  return !((await signOutAnswering(page, true)) instanceof Error);
}

/**
 * Clicks Sign out where the page is (a save may be running) and, if the app asks about unsent check-ins, keeps or
 * deletes them. The error (for the run's log) when the sign-out did not complete. The dialog's buttons are found by
 * role and by "keep" or "delete" in their names.
 */
export async function signOutAnswering(page: Page, keep: boolean): Promise<"kept" | "deleted" | "not-asked" | Error> {
  try {
    await page.getByRole("button", { name: "Sign out" }).click({ timeout: 15_000 });
    const dialog = page.getByRole("alertdialog");
    const signedOut = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" });
    await expect(dialog.or(signedOut).first()).toBeVisible({ timeout: 20_000 });
    const asked = await dialog.isVisible();
    if (asked) await dialog.getByRole("button", { name: keep ? /keep/i : /delete/i }).click();
    await page.waitForURL(/\/sign-in/, { timeout: 30_000 });
    await page.waitForLoadState("load");
    await expect(signedOut).toBeVisible({ timeout: 20_000 });
    return asked ? (keep ? "kept" : "deleted") : "not-asked";
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The form emptied after Save: the page took the check-in (in the same render that starts the save). */
export async function waitForAccepted(page: Page): Promise<boolean> {
  try {
    await expect(page.getByLabel("Notes", { exact: true })).toHaveValue("", { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Your data → Delete my data → confirm, by a client-side navigation (an upload in flight in this document goes on).
 * "deleted" when the page said so, else what it said instead (offline: nothing deleted), or null (no answer).
 */
export async function deleteMyData(page: Page): Promise<"deleted" | string | null> {
  try {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Your data" }).click({ timeout: 15_000 });
    await page.getByRole("button", { name: "Delete my data" }).click({ timeout: 15_000 });
    await page.getByRole("alertdialog").getByRole("button", { name: /delete/i }).click({ timeout: 15_000 });
    // In main: Next's route announcer is an alert too.
    const main = page.getByRole("main");
    const done = main.getByRole("status").filter({ hasText: /deleted/i });
    const said = done.or(main.getByRole("alert").filter({ hasText: /./ }));
    await expect(said.first()).toBeVisible({ timeout: 60_000 });
    return (await done.isVisible()) ? "deleted" : ((await said.first().textContent()) ?? "");
  } catch {
    return null;
  }
}

export type HistoryRow = { notes: string | null; mark: string | null };
export type AttentionRow = { seq: number | null; reason: string };

/** Every row History lists (all pages, "Load more" until there is no more), and the Needs attention list. */
export async function readHistory(page: Page): Promise<{ rows: HistoryRow[]; attention: AttentionRow[] }> {
  await page.goto("/history", { timeout: 30_000 });
  const items = page.getByTestId("history-item");
  await expect(items.first().or(page.getByText("No check-ins yet"))).toBeVisible({ timeout: 30_000 });
  const more = page.getByRole("button", { name: "Load more" });
  while (await more.isVisible()) {
    const before = await items.count();
    await more.click();
    await expect.poll(async () => (await items.count()) > before || !(await more.isVisible()), { timeout: 20_000 }).toBe(true);
  }
  const rows = await items.evaluateAll((lis) =>
    lis.map((li) => ({
      notes: li.querySelector(".notes")?.textContent ?? null,
      mark: li.querySelector('[data-testid="sync-mark"]')?.textContent ?? null,
    })),
  );
  const attention = (
    await page.getByTestId("attention-item").evaluateAll((lis) =>
      lis.map((li) => ({ text: li.textContent ?? "", reason: li.querySelector('[data-testid="attention-reason"]')?.textContent ?? "" })),
    )
  ).map(({ text, reason }) => {
    const m = /Mood (\d+) · Energy (\d+) · Stress (\d+)/.exec(text);
    return { seq: m ? seqOfValues(Number(m[1]), Number(m[2]), Number(m[3])) : null, reason };
  });
  return { rows, attention };
}

/** Chromium fires no `online` in a document loaded under offline emulation; a real browser would. */
export async function announceOnline(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event("online"))).catch(() => undefined);
}
