"use client";

import { useCallback, useEffect, useState } from "react";
import { getModelRegistry, type ModelStatus, type StorageInfo } from "@/lib/models/registry";
import { useModelStatuses } from "@/lib/models/use-model";
import { clearAllOnDevice } from "./clear-all-on-device";
import { formatBytes } from "./format-bytes";

const PHASE_TEXT: Record<ModelStatus["phase"], string> = {
  "not-loaded": "Not loaded",
  "starting-runtime": "Starting the runtime",
  downloading: "Downloading",
  "reading-cache": "Reading cache",
  verifying: "Verifying",
  cached: "Cached",
  "creating-session": "Starting",
  ready: "Ready",
  error: "Error",
};

function phaseText(status: ModelStatus): string {
  if (status.phase === "downloading" && status.totalBytes > 0) {
    return `Downloading ${Math.floor((status.loadedBytes / status.totalBytes) * 100)}%`;
  }
  return PHASE_TEXT[status.phase];
}

function useStorageInfo(statuses: ModelStatus[]): StorageInfo | null {
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const cachedTotal = statuses.reduce((sum, s) => sum + s.cachedBytes, 0);
  useEffect(() => {
    let live = true;
    getModelRegistry()
      .storage()
      .then((next) => live && setInfo(next))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [cachedTotal]);
  return info;
}

export function ModelManager() {
  const statuses = useModelStatuses();
  const storage = useStorageInfo(statuses);
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback((name: string) => {
    setFailure(null);
    // The status row shows the error; the rejection itself needs no second report.
    getModelRegistry().get(name).catch(() => undefined);
  }, []);
  const clear = useCallback((name?: string) => {
    (name ? getModelRegistry().clear(name) : clearAllOnDevice(getModelRegistry())).catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, []);

  if (statuses.length === 0) return <p role="status">Reading the model list…</p>;

  return (
    <>
      <div className="table-scroll">
        <table className="model-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">On this device</th>
              <th scope="col">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((status) => (
              <tr key={status.name} data-testid={`model-row-${status.name}`} data-phase={status.phase}>
                <th scope="row">{status.name}</th>
                <td>
                  <span data-testid={`model-phase-${status.name}`}>{phaseText(status)}</span>
                  {status.error ? (
                    <p role="alert" className="model-error">
                      {status.error}
                    </p>
                  ) : null}
                  {status.notice ? <p className="model-notice">{status.notice}</p> : null}
                </td>
                <td>
                  <progress
                    aria-label={`${status.name} progress`}
                    max={status.totalBytes || 1}
                    value={status.phase === "not-loaded" || status.phase === "error" ? 0 : status.loadedBytes}
                  />
                </td>
                <td data-testid={`model-cached-${status.name}`}>
                  {status.cachedBytes > 0 ? `${formatBytes(status.cachedBytes)}${status.persisted ? "" : " (memory only)"}` : "—"}
                </td>
                <td>
                  <button type="button" aria-label={`Load ${status.name}`} onClick={() => load(status.name)}>
                    Load
                  </button>{" "}
                  <button type="button" aria-label={`Clear ${status.name}`} onClick={() => clear(status.name)}>
                    Clear
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" onClick={() => clear()}>
          Clear all cached models
        </button>
      </p>
      <p data-testid="storage-estimate">
        {storage === null
          ? "Checking storage…"
          : !storage.available
            ? "Browser storage is unavailable: models are kept in memory for this visit only."
            : storage.usage !== null && storage.quota !== null
              ? `Storage used by this site: ${formatBytes(storage.usage)} of ${formatBytes(storage.quota)}${storage.persisted ? " (persistent)" : ""}.`
              : "Storage estimate unavailable in this browser."}
      </p>
      {failure ? <p role="alert">{failure}</p> : null}
    </>
  );
}
