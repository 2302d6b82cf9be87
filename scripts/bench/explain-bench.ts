/**
 * "Why?" in the benchmark (issue 13): per model, one explanation in the TreeSHAP worker with the tree file already
 * loaded (p50 of 200 after 20 warm-ups, both the page→worker→page round trip and TreeSHAP's time inside the worker),
 * and the tree files' bytes as transferred (gzip, counted from the responses) and raw. Runs on /test/explain.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Request } from "@playwright/test";
import type { Manifest } from "@/lib/models/manifest-schema";

export type ExplainResults = {
  explain_p50_ms: Record<string, number>;
  explain_worker_compute_p50_ms: Record<string, number>;
  explain_bytes: { transferred: number; raw: number; models_gzip: number };
};

const isTreeFile = (url: string) => /\/models\/[^/]+\.trees(\.gz)?$/.test(new URL(url).pathname);

export async function measureExplain(browser: Browser, baseURL: string, manifest: Manifest): Promise<ExplainResults> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript("globalThis.__name = (fn) => fn;");
    const requests: Request[] = [];
    page.on("request", (r) => isTreeFile(r.url()) && requests.push(r));
    await page.goto(`${baseURL}/test/explain`);
    await page.getByTestId("explain-harness-state").getByText("ready").waitFor({ timeout: 120_000 });
    const explain_p50_ms: Record<string, number> = {};
    const explain_worker_compute_p50_ms: Record<string, number> = {};
    for (const model of manifest.models) {
      const times = await page.evaluate(async ({ name, nF }) => {
        const harness = window.__explainTest!;
        await harness.prepare(name);
        // A realistic row: mid-range values, a few missing (sleep and activity left empty).
        const row = Float32Array.from({ length: nF }, (_, i) => (i === 3 || i === 4 ? Number.NaN : 1 + (i % 5)));
        for (let i = 0; i < 20; i++) await harness.explain(name, [row]);
        const roundTrip: number[] = [];
        const compute: number[] = [];
        for (let i = 0; i < 200; i++) {
          const t0 = performance.now();
          const { workerMs } = await harness.explain(name, [row]);
          roundTrip.push(performance.now() - t0);
          compute.push(workerMs);
        }
        const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        return { roundTrip: p50(roundTrip), compute: p50(compute) };
      }, { name: model.name, nF: model.features.length });
      explain_p50_ms[model.name] = Math.round(times.roundTrip * 1000) / 1000;
      explain_worker_compute_p50_ms[model.name] = Math.round(times.compute * 1000) / 1000;
    }
    let transferred = 0;
    for (const r of requests) {
      await r.response().then((res) => res?.finished());
      transferred += (await r.sizes()).responseBodySize;
    }
    return {
      explain_p50_ms,
      explain_worker_compute_p50_ms,
      explain_bytes: {
        transferred,
        raw: manifest.models.reduce((s, m) => s + (m.explain?.bytes ?? 0), 0),
        models_gzip: manifest.models.reduce((s, m) => s + (m.compressed?.bytes ?? m.bytes), 0),
      },
    };
  } finally {
    await context.close();
  }
}

/** Adds the results to bench/results/models.json (kept fields stay) and rewrites "## Why? explanations" in performance.md. */
export function recordExplain(root: string, r: ExplainResults, measuredAt: string): void {
  const jsonPath = join(root, "bench", "results", "models.json");
  const existing = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(jsonPath, `${JSON.stringify({ ...existing, ...r, explain_measured_at: measuredAt }, null, 2)}\n`);

  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const lines = [
    "## Why? explanations",
    "",
    `Measured by \`npm run bench:models\` (${measuredAt}; \`BENCH_ONLY=explain\` runs just this part) in Chromium on the test`,
    "page /test/explain, on a shared 2-core machine. One explanation = one feature row through exact TreeSHAP over every",
    "tree of the model, in the web worker, the tree file already loaded; p50 of 200 after 20 warm-ups. Round trip",
    "includes postMessage both ways; compute is TreeSHAP's own time inside the worker.",
    "",
    "| measure | value | target | |",
    "| --- | --- | --- | --- |",
    ...Object.entries(r.explain_p50_ms).map(
      ([name, ms]) => `| explain p50, ${name} (round trip / in worker) | ${ms} / ${r.explain_worker_compute_p50_ms[name]} ms | ≤ 30 ms | ${verdict(ms <= 30)} |`,
    ),
    `| tree files transferred (gzip) / raw | ${r.explain_bytes.transferred} / ${r.explain_bytes.raw} | ≤ models' gzip (${r.explain_bytes.models_gzip}) | ${verdict(r.explain_bytes.transferred <= r.explain_bytes.models_gzip)} |`,
    "| tree files at startup or on Save | 0 (e2e/why.spec.ts counts them) | 0 | |",
    "",
  ];
  const path = join(root, "docs", "performance.md");
  const doc = existsSync(path) ? readFileSync(path, "utf8") : "# Performance\n\n";
  const start = doc.indexOf("## Why? explanations");
  let next: string;
  if (start === -1) next = `${doc.trimEnd()}\n\n${lines.join("\n")}`;
  else {
    const after = doc.indexOf("\n## ", start + 1);
    next = doc.slice(0, start) + lines.join("\n") + (after === -1 ? "" : doc.slice(after));
  }
  writeFileSync(path, `${next.trimEnd()}\n`);
}
