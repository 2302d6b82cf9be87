"use client";

import { useEffect, useState } from "react";
import type { PredictionResults } from "./prediction-results";
import type { ResultsAnnouncement } from "./results-announcement";

/** What a Save shows: the predictions (words, baselines, "Why?" with the query library) and their spoken summary. */
export type ResultsViews = { PredictionResults: typeof PredictionResults; ResultsAnnouncement: typeof ResultsAnnouncement };

let loaded: ResultsViews | undefined;
let loading: Promise<ResultsViews> | undefined;

/**
 * Fetches the results' code (its own chunks: not on the home page's first load, precached by the service worker) once;
 * a failure is forgotten so that the next call retries (offline before the service worker took over).
 *
 * Not next/dynamic: that is React.lazy, which suspends on its first render even when the chunk is already here, and
 * React then holds the reveal of a suspended boundary back by up to 300 ms (its fallback throttle) — on the path from
 * Save to the five predictions (issue 20: next day after typing, 152 → 894 ms). Loaded at the first sign of intent,
 * the components are plain functions at hand when the Save's result renders, in the same commit.
 */
export function loadResultsViews(): Promise<ResultsViews> {
  loading ??= Promise.all([import("./prediction-results"), import("./results-announcement")]).then(
    ([results, announcement]) => {
      loaded = { PredictionResults: results.PredictionResults, ResultsAnnouncement: announcement.ResultsAnnouncement };
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The results' components once their code is here (at once when the intent preload brought it), else undefined and
 * fetched now for `result` (a Save that came before any intent: its predictions show when the chunk arrives; each new
 * result tries again after a failure). `error`: the chunk could not be fetched.
 */
export function useResultsViews(result: object | undefined): { views: ResultsViews | undefined; error: Error | undefined } {
  const [state, setState] = useState<{ views?: ResultsViews; error?: Error }>({});
  const views = state.views ?? loaded;
  useEffect(() => {
    if (!result || views) return;
    let live = true;
    loadResultsViews().then(
      (v) => live && setState({ views: v }),
      (cause: unknown) => live && setState({ error: cause instanceof Error ? cause : new Error(String(cause)) }),
    );
    return () => {
      live = false;
    };
  }, [result, views]);
  return { views, error: views ? undefined : state.error };
}
