import { DAYLIO_SAMPLE_PATH } from "../tests/support/daylio/sample";
import { importSection, localCounts, pickFile } from "./fixtures/import-page";
import { createUser, expect, PASSWORD, rows, signIn, test, uniqueEmail } from "./fixtures/stack";

/**
 * A Daylio export imported in Supabase mode against the real stack (PostgreSQL + PostgREST + the Auth imitation): the
 * check-ins reach PostgreSQL through the sync queue exactly once, under the signed-in person, with energy and stress
 * empty (migration 015) and no predictions; importing the file again sends nothing.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");
test.use({ timezoneId: "America/New_York" });

type ServerRow = { id: string; copies: number; checkin_date: string; mood: number; energy: number | null; stress: number | null; owner: string };

async function serverRows(userId: string): Promise<ServerRow[]> {
  return rows<ServerRow>(
    `select id::text as id, count(*) over (partition by id)::int as copies, to_char(checkin_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as checkin_date,
            mood, energy, stress, user_id::text as owner
       from public.check_ins where user_id = $1 order by checkin_date`,
    [userId],
  );
}

async function importSample(page: Parameters<typeof pickFile>[0]): Promise<string> {
  const section = importSection(page);
  await pickFile(page, { name: "daylio-export.csv", path: DAYLIO_SAMPLE_PATH });
  await section.getByTestId("daylio-mood-mapping").getByLabel("sleepy", { exact: true }).selectOption("4");
  await section.getByTestId("daylio-mood-mapping").getByLabel("Stressed out", { exact: true }).selectOption("3");
  await section.getByRole("button", { name: "Continue with these moods" }).click();
  await section.getByRole("button", { name: "Import", exact: true }).click();
  const result = section.getByTestId("import-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  const text = (await result.textContent()) ?? "";
  await section.getByRole("button", { name: "Done" }).click();
  return text;
}

test("Daylio entries reach PostgreSQL once each, under the signed-in person, without energy, stress or predictions", async ({ page, stack }) => {
  test.setTimeout(180_000);
  void stack;
  const email = uniqueEmail("daylio");
  const { id: userId } = await createUser(email, PASSWORD);
  await signIn(page, email);
  await page.goto("/your-data");

  expect(await importSample(page)).toBe("Imported 9 check-ins and 0 predictions. They are sent to Supabase in the background (the header shows what is still unsent).");
  await expect.poll(async () => (await serverRows(userId)).length, { timeout: 60_000 }).toBe(9);
  await expect(page.getByTestId("pending-badge")).toBeHidden({ timeout: 30_000 });
  const stored = await serverRows(userId);
  expect(stored.map((r) => [r.checkin_date, r.mood, r.energy, r.stress, r.copies, r.owner])).toEqual(
    [
      ["2026-03-07T23:15", 8],
      ["2026-03-09T02:00", 1],
      ["2026-03-10T00:30", 3],
      ["2026-03-11T01:00", 3],
      ["2026-03-11T11:00", 4],
      ["2026-03-11T17:05", 6],
      ["2026-03-12T02:30", 8],
      ["2026-03-12T12:10", 4],
      ["2026-03-13T01:45", 10],
    ].map(([date, mood]) => [date, mood, null, null, 1, userId]),
  );
  const [{ n }] = (await rows<{ n: number }>("select count(*)::int as n from public.predictions where user_id = $1", [userId])) as [{ n: number }];
  expect(n).toBe(0);

  // The same file again: nothing new is stored or queued, and PostgreSQL still has each entry once.
  expect(await importSample(page)).toMatch(/^Imported 0 check-ins and 0 predictions;/);
  expect((await localCounts(page)).sync_queue).toBe(0);
  expect((await serverRows(userId)).map((r) => [r.id, r.copies])).toEqual(stored.map((r) => [r.id, 1]));
});
