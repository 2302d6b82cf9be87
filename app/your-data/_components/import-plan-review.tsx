"use client";

import { useEffect, useRef, useState } from "react";
import type { ImportPlan, ImportProblem } from "@/lib/data/import/import-plan";
import type { ImportPreview } from "@/lib/data/import/import-preview";
import type { ImportProgress, ImportResult } from "@/lib/data/import/apply-import";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { getCurrentUser } from "@/lib/data/session/current-user";
import { env } from "@/lib/env";

/** Problems listed on the page; the rest are counted (a file of 10,000 bad rows must not make 10,000 list items). */
const SHOWN_PROBLEMS = 50;

type Phase =
  | { kind: "previewing" }
  | { kind: "ready"; preview: ImportPreview }
  | { kind: "importing"; preview: ImportPreview; progress: ImportProgress }
  | { kind: "done"; result: ImportResult }
  | { kind: "failed"; message: string };

/**
 * The part of Import every source shares (a backup here; Daylio's importer hands its plan over the same way): what
 * will be stored and what is skipped, then Import with a progress bar and Cancel. Nothing is stored before the person
 * presses Import, and Cancel stores nothing (one transaction: lib/data/import/apply-import.ts).
 */
export function ImportPlanReview({ userId, plan, onClose }: { userId: string; plan: ImportPlan; onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: "previewing" });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const { previewImport } = await import("@/lib/data/import/import-preview");
        const preview = await previewImport(browserLocalStore(), userId, plan, { limits: env.mode === "supabase" });
        if (live) setPhase({ kind: "ready", preview });
      } catch (e) {
        if (live) setPhase({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      live = false;
      controller.current?.abort();
    };
  }, [userId, plan]);

  const start = async (preview: ImportPreview) => {
    const abort = new AbortController();
    controller.current = abort;
    const total = preview.plan.checkIns.length + preview.plan.predictions.length;
    setPhase({ kind: "importing", preview, progress: { done: 0, total } });
    try {
      const [{ applyImportPlan }, { importGeneration }] = await Promise.all([import("@/lib/data/import/apply-import"), import("@/lib/data/import/import-preview")]);
      const store = browserLocalStore();
      const generation = await importGeneration(store, async () => (await getCurrentUser(store))?.userId ?? null, userId);
      const result = await applyImportPlan(store, userId, preview.plan, {
        queue: env.mode === "supabase",
        generation,
        signal: abort.signal,
        onProgress: (progress) => setPhase({ kind: "importing", preview, progress }),
      });
      // The pages re-read their rows; in Supabase mode the sync engine (this tab's or another's) sends the queue now.
      browserChangeBus().notify("rows");
      if (env.mode === "supabase") browserChangeBus().notify("queue");
      setPhase({ kind: "done", result });
    } catch (e) {
      setPhase({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
    } finally {
      controller.current = null;
    }
  };

  if (phase.kind === "previewing") return <p role="status">Comparing the file with your data on this device…</p>;
  if (phase.kind === "failed") {
    return (
      <div>
        <p role="alert" className="error-text" data-testid="import-error">{phase.message}</p>
        <button type="button" onClick={onClose}>Choose another file</button>
      </div>
    );
  }
  if (phase.kind === "done") {
    const { result } = phase;
    return (
      <div>
        <p role="status" className="notice" data-testid="import-result">
          Imported {count(result.addedCheckIns, "check-in")} and {count(result.addedPredictions, "prediction")}
          {result.alreadyPresent > 0 ? `; ${count(result.alreadyPresent, "row")} already here were left as they were` : ""}
          {result.conflicting > 0 ? `; ${count(result.conflicting, "row")} with the same id but other values were skipped (this device's copy is kept)` : ""}.
          {env.mode === "supabase" && result.addedCheckIns + result.addedPredictions > 0 ? " They are sent to Supabase in the background (the header shows what is still unsent)." : ""}
        </p>
        <button type="button" onClick={onClose}>Done</button>
      </div>
    );
  }
  const { preview } = phase;
  const skipped = preview.plan.problems;
  return (
    <div>
      <p data-testid="import-summary">
        {preview.newCheckIns === 0 && preview.plan.predictions.length > 0
          ? `No new check-ins: all ${count(preview.presentCheckIns, "check-in")} of the file are already here`
          : `${count(preview.newCheckIns, "new check-in")}${preview.presentCheckIns > 0 ? ` (${preview.presentCheckIns} more already here)` : ""}`}
        {plan.source === "backup" ? `, ${count(preview.predictions, "prediction")} as the app made them` : ", no predictions (the app does not invent predictions for past days)"}.
      </p>
      {skipped.length > 0 && <ProblemList problems={skipped} />}
      {preview.accountLimitWarning && <p role="alert" className="error-text">{preview.accountLimitWarning}</p>}
      {phase.kind === "ready" ? (
        <div className="actions">
          <button type="button" disabled={preview.plan.checkIns.length === 0} onClick={() => void start(preview)}>
            {skipped.length > 0 ? `Skip ${count(skipped.length, "problem")} and import` : "Import"}
          </button>
          <button type="button" onClick={onClose}>Choose another file</button>
        </div>
      ) : (
        <div className="progress-row">
          <label htmlFor="import-progress">
            Importing… {phase.progress.done.toLocaleString("en")} of {phase.progress.total.toLocaleString("en")} rows
          </label>
          <progress id="import-progress" max={phase.progress.total} value={phase.progress.done} />
          <button type="button" onClick={() => controller.current?.abort()}>Cancel import</button>
        </div>
      )}
    </div>
  );
}

function ProblemList({ problems }: { problems: readonly ImportProblem[] }) {
  return (
    <div role="region" aria-label="Rows that will be skipped" className="import-problems">
      <p>These rows will be skipped:</p>
      <ul data-testid="import-problems">
        {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
          <li key={i}>
            Line {p.line}
            {p.field ? `, ${p.field}` : ""}: {p.message}
          </li>
        ))}
      </ul>
      {problems.length > SHOWN_PROBLEMS && <p>…and {problems.length - SHOWN_PROBLEMS} more.</p>}
    </div>
  );
}

const count = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
