"use client";

import { useEffect, useRef } from "react";
import { browserChangeBus } from "@/lib/data/local/data-changes";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { currentDraftOwner, type DraftOwner, isDraftOwner, sameOwner } from "@/lib/data/session/draft-owner";
import { EMPTY_FORM, type FormValues } from "./check-in-fields";

// The name from when drafts were kept only across an update's reload: the reload into this version finds what the
// previous version saved under it (then without an owner: see below).
const DRAFT_KEY = "checkin:draft-across-update";

const isEmpty = (v: FormValues) => Object.values(v).every((x) => x === "");

/** Removes this tab's draft (the person signed out, switched or deleted their data). */
export function clearCheckInDraft(): void {
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Storage blocked: there is no draft to remove.
  }
}

/**
 * What was typed and not yet saved survives whatever unmounts the form: an error page (app/error.tsx replaces the page,
 * form included), a not-found page and the way back, a reload into a new version (the update prompt), a reload by hand.
 * Kept in sessionStorage: this tab only, gone when the tab closes, never sent anywhere; removed as soon as the form is
 * empty again (a save clears it). It belongs to the person who typed it (lib/data/session/draft-owner.ts): when
 * someone else is signed in, or the person's data was wiped, it is dropped and the form emptied, in this tab and others.
 */
export function useCheckInDraft(values: FormValues, setValues: (v: FormValues) => void): void {
  const owner = useRef<DraftOwner | null>(null);
  const restored = useRef(false);
  // Declared before the writer below: on mount, effects run in order, so the saved draft is read before the form's
  // initial empty values would remove it.
  useEffect(() => {
    let cancelled = false;
    const store = browserLocalStore();
    void currentDraftOwner(store)
      .then((current) => {
        if (cancelled) return;
        owner.current = current;
        const saved = readDraft();
        // A draft saved by the previous version has no owner: it is this tab's, typed before the update's reload.
        if (saved && current && (saved.owner === null || sameOwner(saved.owner, current))) setValues({ ...EMPTY_FORM, ...saved.values });
        else if (saved) clearCheckInDraft();
      })
      .catch(() => undefined)
      .finally(() => {
        restored.current = true;
      });
    const unsubscribe = browserChangeBus().subscribe((change) => {
      if (change !== "account" && change !== "rows") return;
      void currentDraftOwner(store).then((current) => {
        if (sameOwner(owner.current, current)) return;
        const had = owner.current !== null;
        owner.current = current;
        if (had) {
          // Someone else now, or this person's data was deleted: what was typed must not be saved under them.
          clearCheckInDraft();
          setValues(EMPTY_FORM);
        }
      }, () => undefined);
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [setValues]);
  useEffect(() => {
    if (!restored.current) return;
    try {
      if (isEmpty(values) || !owner.current) sessionStorage.removeItem(DRAFT_KEY);
      else sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ owner: owner.current, values }));
    } catch {
      // Storage blocked or full: the form works on, only without the safety net.
    }
  }, [values]);
}

function readDraft(): { owner: DraftOwner | null; values: Partial<FormValues> } | null {
  try {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    if (!saved) return null;
    const raw: unknown = JSON.parse(saved);
    if (typeof raw === "object" && raw !== null && "values" in raw) {
      const r = raw as { owner?: unknown; values?: unknown };
      return { owner: isDraftOwner(r.owner) ? r.owner : null, values: pickStrings(r.values) };
    }
    return { owner: null, values: pickStrings(raw) };
  } catch {
    // Storage blocked or a damaged entry: start empty.
    return null;
  }
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
