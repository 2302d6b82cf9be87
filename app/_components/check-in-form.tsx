"use client";

import dynamic from "next/dynamic";
import { type FormEvent, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { CHECK_IN_FIELD_NAMES, CHECK_IN_FIELDS } from "@/lib/domain/check-in-fields";
import { hasUsageHistory } from "@/lib/models/usage-store";
import { startForReturningUser, warmUpModels } from "@/lib/predictions/load-registry";
import { EMPTY_FORM, type FieldErrors, type FieldName, type FormValues, parseCheckInForm } from "./check-in-fields";
import { useCheckInDraft } from "./use-check-in-draft";
import { useOnline } from "./use-online";
import { preloadSavePath, useSaveCheckIn } from "./use-save-check-in";
import { loadResultsViews, useResultsViews } from "./use-results-views";

// The progress bars subscribe to the model registry: load them only once someone starts a check-in.
const ModelProgress = dynamic(() => import("./model-progress"), { ssr: false });

/**
 * Everything a Save needs besides the models, fetched ahead of it: the save path with the predictions' code, and the
 * results' views (their own chunks, out of the home page's first load; precached by the service worker). A Save that
 * finds them here fetches nothing between the click and its five predictions (issue 20).
 */
function preloadSaveAndResults(): void {
  preloadSavePath();
  // A failure here (offline before the service worker took over) is retried when the results are shown.
  loadResultsViews().catch(() => undefined);
}

/**
 * Ready before Save: the first focus or input in the form starts the runtime and the models in the background (a
 * dynamic import, so the page's first-load JS carries none of onnxruntime), and fetches the save path and the results
 * (preloadSaveAndResults). Cancelled when the form goes away. Before that, at idle, a returning user gets the save path
 * and the results, and if their runtime and models are all stored on the device, these start too (no network needed;
 * otherwise their most used models are preloaded); a first visit loads nothing.
 */
function useWarmUpOnIntent(): { warming: boolean; onIntent: () => void } {
  const [warming, setWarming] = useState(false);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    const atIdle = new AbortController();
    const idle =
      typeof requestIdleCallback === "function"
        ? requestIdleCallback(
            () => {
              // A returning person may fill the form and tap Save at once: have the save path and the results here too.
              if (hasUsageHistory()) preloadSaveAndResults();
              void startForReturningUser(atIdle.signal);
            },
            { timeout: 10_000 },
          )
        : undefined;
    return () => {
      if (idle !== undefined) cancelIdleCallback(idle);
      atIdle.abort();
      controller.current?.abort();
    };
  }, []);
  const onIntent = useCallback(() => {
    if (controller.current) return;
    controller.current = new AbortController();
    setWarming(true);
    preloadSaveAndResults();
    void warmUpModels(controller.current.signal);
  }, []);
  return { warming, onIntent };
}

const isEmpty = (v: FormValues) => Object.values(v).every((x) => x === "");

const noSubscription = () => () => {};
/** false in the prerendered HTML and during hydration, true once React runs the form in this browser. */
const useHydrated = () => useSyncExternalStore(noSubscription, () => true, () => false);

export function CheckInForm() {
  const [values, setValues] = useState<FormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [started, setStarted] = useState(false);
  const mutation = useSaveCheckIn();
  const hydrated = useHydrated();
  const { warming, onIntent } = useWarmUpOnIntent();
  const results = useResultsViews(mutation.data);
  const online = useOnline();
  useCheckInDraft(values, setValues);
  const resultsRef = useRef<HTMLDivElement>(null);
  // Keyboard and screen-reader users land on the predictions of the check-in just saved (the live region below says
  // them too); without this, focus stays on the button at the bottom of a form that has just been emptied.
  // Keyed by the check-in, not by the result object: onnxruntime's later check of early predictions gives the same
  // save a new result, seconds on, and must not pull focus from the field the person is typing the next one in.
  const savedId = mutation.data?.checkIn.id;
  const savedBy = mutation.data?.checkIn.user_id;
  // Not when the person has already moved on to another field: predictions that come fast (the early evaluator) would
  // take the focus, and the text being typed, away mid-word. The field Enter was pressed in still counts as "here".
  const focusAtSave = useRef<Element | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    const movedOn = active instanceof HTMLElement && active !== focusAtSave.current && active.matches("input, textarea, select");
    if (savedId && !movedOn) resultsRef.current?.focus();
  }, [savedId]);
  // Once the predictions are on screen, at idle: bring the person's personal models up to date (a worker; the code
  // loads on demand). Never on the path of Save: this Save used whatever was built before it.
  useEffect(() => {
    if (!savedId || !savedBy) return;
    let cancel: (() => void) | undefined;
    let gone = false;
    void import("@/lib/personal/train/schedule-training").then((m) => {
      if (!gone) cancel = m.schedulePersonalTraining(savedBy);
    });
    return () => {
      gone = true;
      cancel?.();
    };
  }, [savedId, savedBy]);

  const set = (name: FieldName) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseCheckInForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      // To the first field to fix, in the order of the form: its message is read with it (aria-describedby).
      const first = CHECK_IN_FIELD_NAMES.find((name) => parsed.errors[name]);
      if (first) document.getElementById(first)?.focus();
      return;
    }
    setErrors({});
    setStarted(true);
    focusAtSave.current = document.activeElement;
    // Clear the form right away, so whatever is typed while the models load is kept; put the entry back if saving failed.
    const submitted = values;
    setValues(EMPTY_FORM);
    mutation.save(parsed.input, {
      // Only a save that stored nothing fails (validation, no IndexedDB, signed out): give the entry back then.
      onError: () => setValues((current) => (isEmpty(current) ? submitted : current)),
    });
  };

  return (
    <>
      {/* noValidate: our own messages (same ranges as the database) instead of the browser's bubbles.
          Until React runs, the submit button is disabled: a native submission would send every field, notes included,
          in a GET URL (server and proxy logs, browser history) and save nothing. A disabled default button also blocks
          implicit submission (Enter in a field). method="post" is the second line: even a submission some other way
          would not put the fields in a URL. */}
      <form
        onSubmit={onSubmit}
        onFocus={onIntent}
        onInput={onIntent}
        noValidate
        method="post"
        className="card checkin-form"
        aria-label="Check in"
      >
        {CHECK_IN_FIELDS.map((f) => {
          const error = errors[f.name];
          const describedBy = `${f.name}-hint${error ? ` ${f.name}-error` : ""}`;
          return (
            <div key={f.name} className={f.kind === "text" ? "field field-wide" : "field"}>
              <label htmlFor={f.name}>{f.label}</label>
              {f.kind === "text" ? (
                <textarea
                  id={f.name}
                  name={f.name}
                  rows={3}
                  value={values[f.name]}
                  onChange={set(f.name)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                />
              ) : (
                <input
                  id={f.name}
                  name={f.name}
                  type="number"
                  inputMode="decimal"
                  step={f.inputStep}
                  value={values[f.name]}
                  onChange={set(f.name)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                />
              )}
              <span id={`${f.name}-hint`} className="muted hint">
                {f.kind === "text" ? `${f.hint} (${values[f.name].length} used)` : f.hint}
              </span>
              {error && (
                <span id={`${f.name}-error`} className="error-text" role="alert">{error}</span>
              )}
            </div>
          );
        })}
        <button type="submit" className="primary" disabled={!hydrated || mutation.isPending}>
          {!hydrated ? "Loading…" : mutation.isPending ? "Saving…" : "Save check-in"}
        </button>
        {!hydrated && (
          <p className="muted hint" data-testid="form-loading">
            Still loading: the form works once the page has finished loading (it needs JavaScript).
          </p>
        )}
      </form>

      {(warming || (started && mutation.isPending)) && <ModelProgress />}
      {/* Mounted before anything happens: screen readers announce changes of a live region that already exists, and
          often miss one that appears with its text already in it. */}
      <div role="status" aria-atomic="true" data-testid="check-in-status">
        {mutation.isPending && <p>Saving and running the five models in your browser…</p>}
        {mutation.data && (
          <>
            <p className="notice">
              {!mutation.data.queued
                ? "Check-in saved."
                : online
                  ? "Check-in saved. It is being sent to your account."
                  : "Saved on this device. It will be sent to Supabase when you are back online."}
            </p>
            {results.views && <results.views.ResultsAnnouncement outcomes={mutation.data.outcomes} />}
          </>
        )}
      </div>
      {mutation.error && (
        <p role="alert" className="error-text">
          {mutation.error.message}
        </p>
      )}
      {mutation.data && (
        <>
          {mutation.data.predictionsNotStored && (
            <p role="alert" className="error-text" data-testid="predictions-not-stored">
              The predictions below could not be kept on this device ({mutation.data.predictionsNotStored}). Your
              check-in is saved.
            </p>
          )}
          <div ref={resultsRef} tabIndex={-1} className="results-focus" data-testid="results-focus">
            {results.views && <results.views.PredictionResults outcomes={mutation.data.outcomes} elapsedMs={mutation.data.elapsedMs} check={mutation.check} />}
            {results.error && (
              <p role="alert" className="error-text" data-testid="results-not-shown">
                Your check-in is saved, but this page could not load the part that shows its predictions (
                {results.error.message}). Reload the page when you are online.
              </p>
            )}
          </div>
        </>
      )}
    </>
  );
}
