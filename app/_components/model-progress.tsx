"use client";

import { useModelStatuses } from "@/lib/models/use-model";

const BUSY = new Set(["starting-runtime", "downloading", "reading-cache", "verifying", "creating-session"]);

/**
 * Progress of the models being loaded (downloads, cache reads, session starts). Loaded lazily (next/dynamic) once
 * someone starts a check-in, because the registry brings onnxruntime-web with it and the home page must not ship it up
 * front. Shows nothing when no model is busy.
 */
export default function ModelProgress() {
  const statuses = useModelStatuses().filter((s) => BUSY.has(s.phase));
  if (statuses.length === 0) return null;
  return (
    <div className="card" data-testid="model-progress">
      <p>Preparing the models (downloaded once, then kept in this browser)…</p>
      {statuses.map((s) => {
        const pct = s.totalBytes > 0 ? Math.round((s.loadedBytes / s.totalBytes) * 100) : 0;
        return (
          <div key={s.name} className="progress-row">
            <label htmlFor={`progress-${s.name}`}>{s.name}</label>
            <progress id={`progress-${s.name}`} max={100} value={s.phase === "downloading" ? pct : undefined}>
              {pct}%
            </progress>
          </div>
        );
      })}
    </div>
  );
}
