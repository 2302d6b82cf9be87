"use client";

import { useState } from "react";
import type { DaylioNotice } from "@/lib/data/import/daylio/daylio-plan";
import type { DaylioFile } from "@/lib/data/import/daylio/parse-daylio";
import type { ImportPlan } from "@/lib/data/import/import-plan";
import type { ParsedBackup } from "@/lib/data/import/parse-backup";
import type { CurrentUser } from "@/lib/data/session/current-user";
import { env } from "@/lib/env";
import { DaylioMoodMapping, DaylioNotices } from "./daylio-mood-mapping";
import { ImportPlanReview } from "./import-plan-review";

type Step =
  | { kind: "pick"; error: string | null }
  | { kind: "reading" }
  | { kind: "foreign"; backup: ParsedBackup }
  | { kind: "daylio"; file: DaylioFile; fileName: string; defaults: ReadonlyMap<string, number> }
  | { kind: "review"; plan: ImportPlan; notices?: readonly DaylioNotice[] };

/**
 * Import on Your data: pick a file (our JSON backup, or a Daylio CSV), see what it holds, import it. The file is
 * checked before a row is read (lib/data/import/read-import-file.ts); a backup made by someone else (another account,
 * or local mode in another browser) is imported only after the person says so, as their own rows with new ids.
 */
export function ImportData({ user }: { user: CurrentUser }) {
  const [step, setStep] = useState<Step>({ kind: "pick", error: null });
  // A new key per pick empties the file input, so that picking the same file again reads it again.
  const [inputKey, setInputKey] = useState(0);
  const reset = (error: string | null = null) => {
    setInputKey((k) => k + 1);
    setStep({ kind: "pick", error });
  };

  const read = async (file: File) => {
    setStep({ kind: "reading" });
    try {
      const [{ readImportFile }, { parseBackup }] = await Promise.all([import("@/lib/data/import/read-import-file"), import("@/lib/data/import/parse-backup")]);
      const { text, kind } = await readImportFile(file);
      if (kind === "csv") {
        // A CSV is read as a Daylio export (the only CSV importer); a wrong header is refused with what is missing.
        const [{ parseDaylioCsv }, { defaultMoodMapping }] = await Promise.all([import("@/lib/data/import/daylio/parse-daylio"), import("@/lib/data/import/daylio/daylio-plan")]);
        const daylio = parseDaylioCsv(text);
        setStep({ kind: "daylio", file: daylio, fileName: file.name, defaults: defaultMoodMapping(daylio) });
        return;
      }
      const backup = parseBackup(text);
      if (backup.exportedBy === user.userId) setStep({ kind: "review", plan: backup.plan });
      else setStep({ kind: "foreign", backup });
    } catch (e) {
      reset(e instanceof Error ? e.message : String(e));
    }
  };

  const adopt = async (backup: ParsedBackup) => {
    const { adoptRows } = await import("@/lib/data/import/adopt-rows");
    setStep({ kind: "review", plan: await adoptRows(backup.plan, user.userId) });
  };

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <p className="muted">
        Bring back a backup made by Download my data (JSON), or bring your history from Daylio (its CSV export){env.mode === "supabase" ? ": the rows are added to your account and sent to Supabase" : ""}. Rows you
        already have are left as they are, so importing a file twice adds nothing.
      </p>
      {step.kind === "pick" && (
        <>
          <label htmlFor="import-file">File to import: a backup (JSON) or a Daylio export (CSV)</label>{" "}
          <input
            key={inputKey}
            id="import-file"
            type="file"
            accept=".json,application/json,.csv,text/csv"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void read(file);
            }}
          />
          {step.error && <p role="alert" className="error-text" data-testid="import-error">{step.error}</p>}
        </>
      )}
      {step.kind === "reading" && <p role="status">Reading the file…</p>}
      {step.kind === "foreign" && (
        <div role="alertdialog" aria-labelledby="import-foreign">
          <p id="import-foreign">
            This file was exported by someone else: another account, or local mode in another browser (user id {step.backup.exportedBy}). Import its{" "}
            {step.backup.plan.checkIns.length.toLocaleString("en")} check-ins as yours? They get new ids; the original rows stay where they are.
          </p>
          <div className="actions">
            <button type="button" onClick={() => void adopt(step.backup)}>Import as mine</button>
            <button type="button" onClick={() => reset()}>Cancel</button>
          </div>
        </div>
      )}
      {step.kind === "daylio" && (
        <DaylioMoodMapping
          file={step.file}
          fileName={step.fileName}
          userId={user.userId}
          defaults={step.defaults}
          onPlan={(plan, notices) => setStep({ kind: "review", plan, notices })}
          onCancel={() => reset()}
        />
      )}
      {step.kind === "review" && (
        <>
          {step.notices && <DaylioNotices notices={step.notices} />}
          <ImportPlanReview userId={user.userId} plan={step.plan} onClose={() => reset()} />
        </>
      )}
    </section>
  );
}
