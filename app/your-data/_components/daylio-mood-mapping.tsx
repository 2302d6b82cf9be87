"use client";

import { useState } from "react";
import type { DaylioNotice } from "@/lib/data/import/daylio/daylio-plan";
import type { DaylioFile } from "@/lib/data/import/daylio/parse-daylio";
import type { ImportPlan } from "@/lib/data/import/import-plan";
import { DEFAULT_LEVEL_SCORES } from "@/lib/data/import/daylio/daylio-format";
import { browserTimeZone } from "@/lib/features/time-zone";

const SCORES = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * The first screen of a Daylio import: every mood label of the file and the mood (1–10) it becomes, before anything is
 * written. Daylio's five levels start at their default scores; a renamed or added mood has none until the person picks
 * one, and Continue waits for all of them. Continue builds the plan (lib/data/import/daylio/daylio-plan.ts), which
 * ImportPlanReview then shows with the rows it skips.
 */
export function DaylioMoodMapping({
  file,
  fileName,
  userId,
  defaults,
  onPlan,
  onCancel,
}: {
  file: DaylioFile;
  fileName: string;
  userId: string;
  defaults: ReadonlyMap<string, number>;
  onPlan: (plan: ImportPlan, notices: DaylioNotice[]) => void;
  onCancel: () => void;
}) {
  const [scores, setScores] = useState<Map<string, number>>(() => new Map(defaults));
  const [error, setError] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const unassigned = file.moods.filter((m) => !scores.has(m.label));

  const build = async () => {
    setBuilding(true);
    try {
      const { buildDaylioPlan } = await import("@/lib/data/import/daylio/daylio-plan");
      const { plan, notices } = await buildDaylioPlan(file, scores, { userId, timeZone: browserTimeZone(), now: Date.now() });
      onPlan(plan, notices);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBuilding(false);
    }
  };

  return (
    <div role="group" aria-labelledby="daylio-heading">
      <h3 id="daylio-heading">Daylio export: {fileName}</h3>
      <p>
        {count(file.entries.length, "entry", "entries")} to import as check-ins, each at its own time (read in this device&apos;s time zone,{" "}
        {browserTimeZone()}). Daylio has no energy or stress: these check-ins are stored without them, and the models treat
        them as missing, never as a number. Activities and the note title go into the notes. No predictions are made for
        past days.
      </p>
      <p className="muted" data-testid="daylio-model-caveat">
        What the imported days do to predictions: they help tomorrow&apos;s mood, but burnout risk and sleep quality were
        trained on histories that include sleep and stress, and in a test on simulated people they did worse with a
        mood-only history than with none, until about four weeks of your own check-ins replace it.
      </p>
      <p className="muted">
        Cells that start like a spreadsheet formula (= + - @) are never run: in the date, time or mood columns the row is
        skipped; a note that starts with one is kept with a &apos; in front.
      </p>
      <div className="table-scroll">
        <table className="model-table" data-testid="daylio-mood-mapping">
          <caption>Your Daylio moods and the mood (1–10) each becomes</caption>
          <thead>
            <tr>
              <th scope="col">Daylio mood</th>
              <th scope="col">Entries</th>
              <th scope="col">Mood here</th>
            </tr>
          </thead>
          <tbody>
            {file.moods.map((m) => {
              const id = `daylio-score-${file.moods.indexOf(m)}`;
              return (
                <tr key={m.label}>
                  <th scope="row">
                    <label htmlFor={id}>{m.label}</label>
                    {m.level === null ? <span className="muted"> (renamed or added in Daylio: choose its mood)</span> : <span className="muted"> (Daylio&apos;s “{m.level}”, {DEFAULT_LEVEL_SCORES[m.level]} by default)</span>}
                  </th>
                  <td>{m.entries.toLocaleString("en")}</td>
                  <td>
                    <select
                      id={id}
                      value={scores.get(m.label) ?? ""}
                      onChange={(e) => {
                        const next = new Map(scores);
                        if (e.currentTarget.value === "") next.delete(m.label);
                        else next.set(m.label, Number(e.currentTarget.value));
                        setScores(next);
                      }}
                    >
                      <option value="">Choose…</option>
                      {SCORES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {unassigned.length > 0 && (
        <p className="error-text" data-testid="daylio-unassigned">
          Choose a mood for {unassigned.map((m) => `“${m.label}”`).join(", ")} to go on.
        </p>
      )}
      {error && <p role="alert" className="error-text" data-testid="import-error">{error}</p>}
      <div className="actions">
        <button type="button" disabled={unassigned.length > 0 || building} onClick={() => void build()}>
          Continue with these moods
        </button>
        <button type="button" onClick={onCancel}>Choose another file</button>
      </div>
    </div>
  );
}

/** What a Daylio plan changed to fit (notes cut, a formula neutralised), per row, shown before Import. */
export function DaylioNotices({ notices }: { notices: readonly DaylioNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <div role="region" aria-label="Rows changed to fit" className="import-problems">
      <p>These rows are imported with changes:</p>
      <ul data-testid="daylio-notices">
        {notices.slice(0, 50).map((n, i) => (
          <li key={i}>
            Line {n.line}: {n.message}
          </li>
        ))}
      </ul>
      {notices.length > 50 && <p>…and {notices.length - 50} more.</p>}
    </div>
  );
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
