"use client";

import { useEffect, useRef } from "react";
import { EMPTY_FORM, type FormValues } from "./check-in-fields";

// The name from when drafts were kept only across an update's reload: the reload into this version finds what the
// previous version saved under it.
const DRAFT_KEY = "checkin:draft-across-update";

const isEmpty = (v: FormValues) => Object.values(v).every((x) => x === "");

/**
 * What was typed and not yet saved survives whatever unmounts the form: an error page (app/error.tsx replaces the page,
 * form included), a not-found page and the way back, a reload into a new version (the update prompt), a reload by hand.
 * Kept in sessionStorage: this tab only, gone when the tab closes, never sent anywhere; removed as soon as the form is
 * empty again (a save clears it).
 */
export function useCheckInDraft(values: FormValues, setValues: (v: FormValues) => void): void {
  const restored = useRef(false);
  // Declared before the writer below: on mount, effects run in order, so the saved draft is read before the form's
  // initial empty values would remove it.
  useEffect(() => {
    try {
      const saved = sessionStorage.getItem(DRAFT_KEY);
      if (saved) setValues({ ...EMPTY_FORM, ...pickStrings(JSON.parse(saved)) });
    } catch {
      // Storage blocked or a damaged entry: start empty.
    }
    restored.current = true;
  }, [setValues]);
  useEffect(() => {
    if (!restored.current) return;
    try {
      if (isEmpty(values)) sessionStorage.removeItem(DRAFT_KEY);
      else sessionStorage.setItem(DRAFT_KEY, JSON.stringify(values));
    } catch {
      // Storage blocked or full: the form works on, only without the safety net.
    }
  }, [values]);
}

/** Only the form's own fields, and only strings: the entry may come from an older version of the app. */
function pickStrings(raw: unknown): Partial<FormValues> {
  if (typeof raw !== "object" || raw === null) return {};
  const out: Partial<FormValues> = {};
  for (const key of Object.keys(EMPTY_FORM) as (keyof FormValues)[]) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === "string") out[key] = value;
  }
  return out;
}
