"use client";

import { useCallback, useRef, useState } from "react";
import type { EarlyCheckStatus } from "@/lib/data/check-ins/confirm-early-predictions";
import type { CheckInResult } from "@/lib/data/check-ins/save-in-page";
import type { CheckInInput } from "@/lib/domain/check-in";

type SaveState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "success"; data: CheckInResult; check: EarlyCheckStatus | "pending" | null }
  | { status: "error"; error: Error };

export type SaveCheckIn = {
  save: (input: CheckInInput, options?: { onError?: (error: Error) => void }) => void;
  isPending: boolean;
  data: CheckInResult | undefined;
  error: Error | null;
  /** onnxruntime's check of predictions made while it started: "pending" until it ran; null when it made them all. */
  check: EarlyCheckStatus | "pending" | null;
};

/**
 * The save path (the local store's write, the queue, the clock, the call into the models) is its own chunk: not on the
 * home page's first load (issue 20), fetched when the person starts a check-in (preloadSavePath, at the form's first
 * focus or input, with the predictions' code it imports) and precached by the service worker for offline. A Save that
 * comes first imports it itself.
 */
const loadSavePath = () => import("@/lib/data/check-ins/save-in-page");

export function preloadSavePath(): void {
  // A failure here (offline before the service worker took over) is retried by the Save, which reports it.
  loadSavePath()
    .then(({ preloadPredictionCode }) => preloadPredictionCode())
    .catch(() => undefined);
}

/**
 * The form's Save, as the mutation state it shows (pending, the result, the error), without TanStack Query: the home
 * page's first load stays without the query library (issue 20). Only the latest save's outcome is shown: one that
 * settles after a newer one started is ignored, as a mutation observer would.
 */
export function useSaveCheckIn(): SaveCheckIn {
  const [state, setState] = useState<SaveState>({ status: "idle" });
  const latest = useRef(0);
  const save = useCallback((input: CheckInInput, options?: { onError?: (error: Error) => void }) => {
    const id = ++latest.current;
    setState({ status: "pending" });
    loadSavePath()
      .then(({ saveCheckInInPage }) => saveCheckInInPage(input))
      .then(
      (data) => {
        if (id !== latest.current) return;
        setState({ status: "success", data, check: data.confirmation ? "pending" : null });
        // Its outcomes as they stand after the check (a differing number replaced by onnxruntime's).
        void data.confirmation?.then(({ status, outcomes }) => {
          if (id === latest.current) setState({ status: "success", data: { ...data, outcomes }, check: status });
        });
      },
      (cause: unknown) => {
        const error = cause instanceof Error ? cause : new Error(String(cause));
        if (id !== latest.current) return;
        setState({ status: "error", error });
        options?.onError?.(error);
      },
    );
  }, []);
  return {
    save,
    isPending: state.status === "pending",
    data: state.status === "success" ? state.data : undefined,
    error: state.status === "error" ? state.error : null,
    check: state.status === "success" ? state.check : null,
  };
}
