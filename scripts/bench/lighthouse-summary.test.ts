import { describe, expect, it } from "vitest";
import { medianRun, type RunSummary, summarizeRun } from "./lighthouse-summary";

// The shape of Lighthouse's result object that the benchmark reads (lhr.categories[*].auditRefs, lhr.audits).
const lhr = (
  scores: { performance: number; accessibility: number; "best-practices": number; seo: number },
  audits: Record<string, number | null>,
  tbtMs = 120,
) => ({
  categories: Object.fromEntries(
    Object.entries(scores).map(([id, score]) => [
      id,
      { id, title: id, score, auditRefs: Object.keys(audits).filter((a) => a.startsWith(`${id}:`)).map((a) => ({ id: a, weight: a.endsWith(":w0") ? 0 : 3 })) },
    ]),
  ),
  audits: {
    ...Object.fromEntries(Object.entries(audits).map(([id, score]) => [id, { id, title: `title of ${id}`, score, displayValue: score === null ? undefined : "1.2 s" }])),
    // The metrics the benchmark keeps in ms (not in any auditRefs here, so they never count as failing).
    "total-blocking-time": { id: "total-blocking-time", numericValue: tbtMs },
    "largest-contentful-paint": { id: "largest-contentful-paint", numericValue: 1834.4 },
    "first-contentful-paint": { id: "first-contentful-paint", numericValue: 912.6 },
  },
}) as unknown as Parameters<typeof summarizeRun>[0];

const run = (performance: number, accessibility = 1, tbtMs = 120): RunSummary =>
  summarizeRun(lhr({ performance, accessibility, "best-practices": 1, seo: 1 }, { "performance:lcp": performance, "accessibility:contrast": accessibility, "performance:w0": 0 }, tbtMs));

describe("Lighthouse summary", () => {
  it("scores categories 0–100 and keeps only audits that cost points", () => {
    const r = summarizeRun(
      lhr({ performance: 0.874, accessibility: 1, "best-practices": 0.96, seo: 0.92 }, {
        "performance:lcp": 0.5, "performance:cls": 1, "performance:w0": 0, "best-practices:console": 0, "seo:n-a": null,
      }),
    );
    expect(r.scores).toEqual({ performance: 87, accessibility: 100, best_practices: 96, seo: 92 });
    expect(r.failing.map((a) => a.id)).toEqual(["performance:lcp", "best-practices:console"]);
  });

  it("takes the median of each category, and explains a missed target with the median run's failing audits", () => {
    const page = medianRun([run(0.99), run(0.8), run(0.9, 0.5)]);
    expect(page.median).toEqual({ performance: 90, accessibility: 100, best_practices: 100, seo: 100 });
    // Performance 90 < 95: the audits of the run that scored 90; accessibility met its target, so none of its audits.
    expect(page.failing).toEqual([expect.objectContaining({ category: "performance", id: "performance:lcp", score: 0.9 })]);
  });

  it("keeps Total Blocking Time, LCP and FCP in ms, and their median per page", () => {
    expect(run(0.9, 1, 151.6).metrics).toEqual({ total_blocking_time_ms: 152, largest_contentful_paint_ms: 1834, first_contentful_paint_ms: 913 });
    expect(medianRun([run(0.9, 1, 400), run(0.9, 1, 90), run(0.9, 1, 150)]).median_metrics.total_blocking_time_ms).toBe(150);
  });

  it("lists nothing when every target is met", () => {
    expect(medianRun([run(0.97), run(0.99), run(0.96)]).failing).toEqual([]);
  });
});
