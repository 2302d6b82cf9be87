import { rowsOf } from "./fixtures/seed-track-record";
import { createUser, expect, rows, test, uniqueEmail } from "./fixtures/stack";
import { DAYS, expectHistoryPage, expectPredictionsPage, NOW, ZONE } from "./fixtures/track-record-days";

/**
 * Supabase mode: the same days as e2e/track-record.spec.ts, but made on "another device" — written to PostgreSQL, then
 * pulled into a fresh browser by the sync engine. The track record reads the local store in both modes, so it must
 * show the same hand-computed numbers. Predictions pushed by a device get the server's `created_at` (migration 012's
 * trigger); the seed, run as the table owner, sets it to now() the same way, so the pulled predictions carry today's
 * real date, not their check-in's day: the pairing must go by check-in, not by time.
 */
test.skip(!process.env.NEXT_PUBLIC_SUPABASE_URL, "Supabase mode only: run with `npm run test:e2e:supabase`");
test.use({ timezoneId: ZONE });

const PASSWORD = "correct horse battery";

test("the track record of rows pulled from Supabase equals local mode's", async ({ page }) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("track");
  const { id: userId } = await createUser(email, PASSWORD);
  const seed = rowsOf(DAYS, userId);
  await rows(
    `insert into public.check_ins (id, user_id, checkin_date, created_at, mood, energy, stress, sleep_hours, activity_minutes, notes)
     select id, user_id, checkin_date, created_at, mood, energy, stress, sleep_hours, activity_minutes, notes
       from json_populate_recordset(null::public.check_ins, $1::json)`,
    [JSON.stringify(seed.checkIns)],
  );
  await rows(
    `insert into public.predictions (id, user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, created_at)
     select id, user_id, checkin_id, prediction_type, model_name, model_version, label, score, probabilities, now()
       from json_populate_recordset(null::public.predictions, $1::json)`,
    [JSON.stringify(seed.predictions)],
  );

  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.clock.setFixedTime(NOW);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(email);

  await page.goto("/history");
  // The first pull on this device brings the rows in.
  await expect(page.getByTestId("history-item")).toHaveCount(DAYS.length, { timeout: 30_000 });
  await expectHistoryPage(page);
  await page.getByRole("link", { name: "Predictions" }).click();
  await expectPredictionsPage(page);
  expect(errors).toEqual([]);
});
