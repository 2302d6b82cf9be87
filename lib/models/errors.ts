/**
 * Named errors of the model registry. Each message says what the user (or developer) can do about it, because these
 * messages reach the /models page and the check-in screen as they are.
 */
export class ModelNotFoundError extends Error {
  override name = "ModelNotFoundError";
  constructor(readonly modelName: string, known: readonly string[]) {
    super(`No model named "${modelName}" in the manifest. Known models: ${known.join(", ") || "(none)"}. Check the name, or reload the page if the app was just updated.`);
  }
}

export class ManifestError extends Error {
  override name = "ManifestError";
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`The model manifest could not be loaded: ${detail}. Check your connection and reload the page.`, options);
  }
}

export class ModelDownloadError extends Error {
  override name = "ModelDownloadError";
  constructor(readonly modelName: string, detail: string, options?: { cause?: unknown }) {
    super(`Downloading model "${modelName}" failed: ${detail}. Check your connection and try again; the part already downloaded is kept.`, options);
  }
}

export class ModelIntegrityError extends Error {
  override name = "ModelIntegrityError";
  constructor(readonly modelName: string, readonly expected: string, readonly actual: string) {
    super(`Model "${modelName}" failed its integrity check twice (expected sha256 ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…). The server is sending different bytes than the manifest promises; try again later or reload the app.`);
  }
}

export class StorageUnavailableError extends Error {
  override name = "StorageUnavailableError";
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`Browser storage (IndexedDB) is unavailable: ${detail}. Models will work but are downloaded again on every visit; allow site storage or leave private browsing to keep them.`, options);
  }
}

export class StorageQuotaError extends Error {
  override name = "StorageQuotaError";
  constructor(readonly modelName: string, options?: { cause?: unknown }) {
    super(`Not enough storage to keep model "${modelName}" offline, even after removing other cached models. It works for this visit only; free up disk space or site data to cache it.`, options);
  }
}

/** A personal model continues a generic model the manifest no longer lists: it is discarded and built again. */
export class PersonalModelStaleError extends Error {
  override name = "PersonalModelStaleError";
  constructor(readonly genericName: string) {
    super(`The personal model built on "${genericName}" was made for an older version of it; it will be built again from your check-ins (the general model is used until then).`);
  }
}

export class ModelSessionError extends Error {
  override name = "ModelSessionError";
  constructor(readonly modelName: string, detail: string, options?: { cause?: unknown }) {
    super(`Model "${modelName}" could not be started: ${detail}. Reload the page; if it persists, clear the cached models on the Models page.`, options);
  }
}

export class RuntimeIntegrityError extends Error {
  override name = "RuntimeIntegrityError";
  constructor(readonly expected: string, readonly actual: string) {
    super(`The onnxruntime runtime the server sent is not the one this app was built with (expected sha256 ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…), even after fetching it again. Reload the page; if the app was just updated, the new version fixes it.`);
  }
}

export class RuntimeDownloadError extends Error {
  override name = "RuntimeDownloadError";
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`The onnxruntime runtime could not be downloaded: ${detail}. Check your connection and try again; once downloaded it is kept for offline use.`, options);
  }
}

/** The DOMException name `fetch`, streams and our own code use for a cancelled load. */
export function abortError(reason?: unknown): DOMException {
  if (reason instanceof DOMException && reason.name === "AbortError") return reason;
  return new DOMException("The model load was cancelled.", "AbortError");
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED")
  ) || (error instanceof Error && error.name === "QuotaExceededError");
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
