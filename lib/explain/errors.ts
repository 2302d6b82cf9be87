/** Named errors of "Why?" explanations; each message says what the person (or developer) can do. */
export class TreeFileError extends Error {
  override name = "TreeFileError";
  constructor(detail: string) {
    super(`The explanation file is not a valid tree file (${detail}). Reload the page; if it persists, the app's model files are out of date.`);
  }
}

export class ExplainUnavailableError extends Error {
  override name = "ExplainUnavailableError";
  constructor(readonly modelName: string, detail: string, options?: { cause?: unknown }) {
    super(`The explanation for "${modelName}" is not available: ${detail}`, options);
  }
}

/** Offline before this model's explanation was ever downloaded: nothing to read from the local store yet. */
export class ExplainNeedsConnectionError extends Error {
  override name = "ExplainNeedsConnectionError";
  constructor(readonly modelName: string, options?: { cause?: unknown }) {
    super("Explanations need a connection once: open “Why?” again when you are online, and it will work offline after that.", options);
  }
}
