"use client";

/** "N check-ins have not reached Supabase yet": keep them for the next sign-in here, delete them, or cancel. */
export function UnsentDialog({ unsent, busy, onChoose, onCancel }: { unsent: number; busy: boolean; onChoose: (keepUnsent: boolean) => void; onCancel: () => void }) {
  return (
    <div role="alertdialog" aria-labelledby="sign-out-title" className="card sign-out-dialog" data-testid="sign-out-dialog">
      <p id="sign-out-title">
        {unsent} {unsent === 1 ? "check-in has" : "check-ins have"} not reached Supabase yet.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => onChoose(true)}>
          Keep them for my next sign-in and sign out
        </button>
        <button type="button" disabled={busy} onClick={() => onChoose(false)}>
          Delete them and sign out
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
