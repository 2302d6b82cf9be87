import { backupText } from "../tests/support/import-rows";
import { type BackupFile, downloadJson, importFile, importSection, localCounts, pickFile } from "./fixtures/import-page";
import { createUser, expect, PASSWORD, rows, signIn, test, uniqueEmail } from "./fixtures/stack";

/**
 * Your data → Import in Supabase mode against the real stack (PostgreSQL + PostgREST + the Auth imitation): imported
 * rows go through the sync queue and are in PostgreSQL exactly once, under the signed-in person only, however often the
 * file is imported; a file of another account becomes this person's rows, with new ids, only after they confirm.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");

async function newUser(prefix: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(prefix);
  const { id } = await createUser(email, PASSWORD);
  return { id, email };
}

/** Check-ins and predictions of `userId` in PostgreSQL, by id: how many copies of each. */
async function serverRows(userId: string): Promise<{ checkIns: Record<string, number>; predictions: number; owners: string[] }> {
  const checkIns = await rows<{ id: string; n: number }>("select id::text as id, count(*)::int as n from public.check_ins where user_id = $1 group by id", [userId]);
  const [predictions] = await rows<{ n: number }>("select count(*)::int as n from public.predictions where user_id = $1", [userId]);
  const owners = await rows<{ user_id: string }>(
    "select distinct user_id::text as user_id from public.check_ins where id = any($1::uuid[])",
    [checkIns.map((c) => c.id)],
  );
  return { checkIns: Object.fromEntries(checkIns.map((c) => [c.id, c.n])), predictions: predictions!.n, owners: owners.map((o) => o.user_id) };
}

const once = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, 1]));
/** A row as it must survive: all of it but `created_at`, which the server sets to when it received the row (012). */
const kept = (file: BackupFile) => ({
  check_ins: file.check_ins.map(({ created_at: _c, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id)),
  predictions: file.predictions.map(({ created_at: _c, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id)),
});

test("a backup is in PostgreSQL exactly once, however often it is imported, and survives Delete my data → Import", async ({ page, stack }) => {
  test.setTimeout(180_000);
  void stack;
  const user = await newUser("import");
  await signIn(page, user.email);
  await page.goto("/your-data");
  const file = backupText(user.id, 30);
  const original = JSON.parse(file) as BackupFile;
  const ids = original.check_ins.map((c) => c.id);

  expect(await importFile(page, "backup.json", file)).toBe(
    "Imported 30 check-ins and 150 predictions. They are sent to Supabase in the background (the header shows what is still unsent).",
  );
  await expect.poll(async () => (await serverRows(user.id)).predictions, { timeout: 60_000 }).toBe(150);
  await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 30_000 });
  expect(await serverRows(user.id)).toEqual({ checkIns: once(ids), predictions: 150, owners: [user.id] });

  expect(await importFile(page, "backup.json", file)).toBe("Imported 0 check-ins and 0 predictions; 180 rows already here were left as they were.");
  expect((await localCounts(page)).sync_queue).toBe(0);
  expect(await serverRows(user.id)).toEqual({ checkIns: once(ids), predictions: 150, owners: [user.id] });

  const exported = await downloadJson(page);
  expect(kept(exported)).toEqual(kept(original));
  await page.getByRole("button", { name: "Delete my data" }).click();
  await page.getByRole("button", { name: "Yes, delete everything" }).click();
  await expect(page.getByRole("status").filter({ hasText: "deleted from Supabase and from this device" })).toBeVisible();
  expect(await serverRows(user.id)).toEqual({ checkIns: {}, predictions: 0, owners: [] });

  await importFile(page, "check-in-data.json", JSON.stringify(exported, null, 2));
  await expect.poll(async () => (await serverRows(user.id)).predictions, { timeout: 60_000 }).toBe(150);
  await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 30_000 });
  expect(await serverRows(user.id)).toEqual({ checkIns: once(ids), predictions: 150, owners: [user.id] });
  expect(kept(await downloadJson(page))).toEqual(kept(exported));
});

test("another account's backup becomes this person's rows, with new ids, only after they confirm", async ({ page, stack }) => {
  test.setTimeout(180_000);
  void stack;
  const user = await newUser("import-mine");
  const other = await newUser("import-theirs");
  await signIn(page, user.email);
  await page.goto("/your-data");
  const file = backupText(other.id, 8);
  const theirs = JSON.parse(file) as BackupFile;

  await pickFile(page, { name: "theirs.json", text: file });
  await expect(importSection(page).getByRole("alertdialog")).toContainText(`user id ${other.id}`);
  await importSection(page).getByRole("button", { name: "Cancel" }).click();
  expect(await localCounts(page)).toEqual({ check_ins: 0, predictions: 0, sync_queue: 0 });

  for (let round = 0; round < 2; round++) {
    await pickFile(page, { name: "theirs.json", text: file });
    await importSection(page).getByRole("button", { name: "Import as mine" }).click();
    await importSection(page).getByRole("button", { name: "Import" }).click();
    await expect(importSection(page).getByTestId("import-result")).toContainText(round === 0 ? "Imported 8 check-ins and 40 predictions." : "Imported 0 check-ins and 0 predictions;");
    await importSection(page).getByRole("button", { name: "Done" }).click();
  }
  await expect.poll(async () => (await serverRows(user.id)).predictions, { timeout: 60_000 }).toBe(40);
  await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 30_000 });
  const mine = await serverRows(user.id);
  expect(Object.values(mine.checkIns)).toEqual(Array(8).fill(1));
  expect(mine.owners).toEqual([user.id]);
  expect(Object.keys(mine.checkIns).some((id) => theirs.check_ins.some((c) => c.id === id))).toBe(false);
  // Nothing was written under the other account, and their ids are not in the database at all.
  expect(await serverRows(other.id)).toEqual({ checkIns: {}, predictions: 0, owners: [] });
  const [{ n }] = (await rows<{ n: number }>("select count(*)::int as n from public.check_ins where id = any($1::uuid[])", [theirs.check_ins.map((c) => c.id)])) as [{ n: number }];
  expect(n).toBe(0);
  const orphans = await rows("select p.id from public.predictions p left join public.check_ins c on c.id = p.checkin_id where p.user_id = $1 and c.id is null", [user.id]);
  expect(orphans).toEqual([]);
});
