/**
 * `tsx scripts/bench/import-bench.ts` → bench/results/import.json: how long Your data → Import takes for a backup of
 * 10,000 check-ins with their 50,000 predictions in this machine's Chromium, through the page as a person uses it
 * (issue 22: ≤ 10 s, with a progress bar). Local mode, a fresh browser profile per run.
 *
 * Against a production build you serve: `NEXT_TURBOPACK_ROOT=/work npm run build && npx next start -p 3330`, then
 * `BENCH_URL=http://localhost:3330 npm run bench:import`. Phases, timed from the Playwright side:
 *   - read: file picked → the summary shown (size and UTF-8 checks, JSON.parse, every row validated, compared with
 *     the device's rows);
 *   - store: Import pressed → the result shown (one IndexedDB transaction, progress after every 500 rows);
 * plus how many progress values the bar showed during the store phase.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { backupText } from "@/tests/support/import-rows";

const root = join(import.meta.dirname, "..", "..");
const baseURL = process.env.BENCH_URL ?? "http://localhost:3330";
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHECK_INS = 10_000;
const BUDGET_MS = 10_000;

/** `check_ins_only`: 10,000 rows as a Daylio import has them; `with_predictions`: a backup, 60,000 rows in all. */
const VARIANTS = (process.env.BENCH_VARIANTS ?? "check_ins_only,with_predictions").split(",").map((name) => ({ name, predictions: name === "with_predictions" }));

/**
 * The floor this browser sets on this machine: the same rows put into a database of the same stores and indexes in
 * one transaction, every request issued at once, nothing read, no page work. The import can only approach it.
 */
async function floorMs(page: Page, text: string): Promise<number> {
  return page.evaluate(async (json) => {
    const data = JSON.parse(json) as { check_ins: { id: string }[]; predictions: { id: string }[] };
    const name = `floor-${Math.random()}`;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const c = open.result.createObjectStore("check_ins", { keyPath: "id" });
        c.createIndex("user_date", ["user_id", "checkin_date"]);
        c.createIndex("user_date_id", ["user_id", "checkin_date", "id"]);
        const p = open.result.createObjectStore("predictions", { keyPath: "id" });
        p.createIndex("user_type_created", ["user_id", "prediction_type", "created_at"]);
        p.createIndex("checkin", "checkin_id");
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const t0 = performance.now();
    const tx = db.transaction(["check_ins", "predictions"], "readwrite");
    for (const c of data.check_ins) tx.objectStore("check_ins").put(c);
    for (const p of data.predictions) tx.objectStore("predictions").put(p);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    const ms = Math.round(performance.now() - t0);
    db.close();
    indexedDB.deleteDatabase(name);
    return ms;
  }, text);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  const dir = mkdtempSync(join(tmpdir(), "import-bench-"));
  type Run = { variant: string; read_ms: number; store_ms: number; total_ms: number; floor_ms: number; progress_updates: number; file_bytes: number };
  const runs: Run[] = [];
  try {
    for (const variant of VARIANTS)
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseURL}/your-data`);
      const section = page.getByRole("region", { name: "Import" });
      await section.getByLabel("Backup file").waitFor();
      const userId = await page.evaluate(
        () =>
          new Promise<string>((resolve, reject) => {
            const open = indexedDB.open("checkin-app");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction("meta").objectStore("meta").get("local_user_id");
              get.onsuccess = () => resolve(String(get.result));
            };
          }),
      );
      const path = join(dir, `backup-${i}.json`);
      const text = backupText(userId, CHECK_INS, { perDay: 3, predictions: variant.predictions });
      writeFileSync(path, text);
      // Every value the progress bar takes, seen by the page itself.
      await page.evaluate(() => {
        const w = window as unknown as { __progress: [string, number][] };
        w.__progress = [];
        new MutationObserver((records) => {
          for (const r of records) if (r.target instanceof HTMLProgressElement) w.__progress.push([r.target.getAttribute("value") ?? "", Math.round(performance.now())]);
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["value"] });
      });
      const t0 = performance.now();
      await section.getByLabel("Backup file").setInputFiles(path);
      await section.getByTestId("import-summary").waitFor({ timeout: 120_000 });
      const t1 = performance.now();
      await section.getByRole("button", { name: "Import", exact: true }).click();
      await section.getByTestId("import-result").waitFor({ timeout: 600_000 });
      const t2 = performance.now();
      const result = await section.getByTestId("import-result").textContent();
      const expected = `Imported ${CHECK_INS.toLocaleString("en")} check-ins and ${variant.predictions ? (CHECK_INS * 5).toLocaleString("en") : 0} predictions`;
      if (!result?.startsWith(expected)) throw new Error(`unexpected result: ${result}`);
      const floor = await floorMs(page, text);
      const progress = await page.evaluate(() => (window as unknown as { __progress: [string, number][] }).__progress);
      if (process.env.BENCH_TRACE) console.log(progress.map(([v, t]) => `${v}@${t - progress[0]![1]}`).join(" "));
      runs.push({ variant: variant.name, read_ms: Math.round(t1 - t0), store_ms: Math.round(t2 - t1), total_ms: Math.round(t2 - t0), floor_ms: floor, progress_updates: new Set(progress.map(([v]) => v)).size, file_bytes: Buffer.byteLength(text) });
      console.log(`run ${i + 1}:`, runs[runs.length - 1]);
      await context.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true });
  }
  const out = {
    measured_at: new Date().toISOString(),
    what: `Your data → Import of a backup of ${CHECK_INS} check-ins (check_ins_only; with_predictions: and their ${CHECK_INS * 5} predictions) in Chromium (local mode, production build), through the page: read = file picked → summary shown; store = Import pressed → result shown (one IndexedDB transaction). floor = the same rows put into an empty database of the same stores and indexes in one transaction, all requests at once (what IndexedDB itself costs on this machine now). Median of ${RUNS} runs per variant, each in a fresh profile. Budget: total ≤ ${BUDGET_MS} ms.`,
    chromium: browser.version(),
    machine: { cpus: cpus().length, load_average_1m: Math.round(loadavg()[0]! * 10) / 10 },
    results: Object.fromEntries(
      VARIANTS.map(({ name }) => {
        const of = runs.filter((r) => r.variant === name);
        const total = median(of.map((r) => r.total_ms));
        const floor = median(of.map((r) => r.floor_ms));
        return [
          name,
          {
            median_read_ms: median(of.map((r) => r.read_ms)),
            median_store_ms: median(of.map((r) => r.store_ms)),
            median_total_ms: total,
            max_total_ms: Math.max(...of.map((r) => r.total_ms)),
            median_floor_ms: floor,
            store_over_floor: Math.round((median(of.map((r) => r.store_ms)) / floor) * 100) / 100,
            progress_updates: median(of.map((r) => r.progress_updates)),
            file_mb: Math.round((of[0]!.file_bytes / 1024 / 1024) * 10) / 10,
            within_budget: total <= BUDGET_MS,
          },
        ];
      }),
    ),
    runs,
  };
  mkdirSync(join(root, "bench", "results"), { recursive: true });
  writeFileSync(join(root, "bench", "results", "import.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(JSON.stringify(out.results, null, 2));
}

await main();
