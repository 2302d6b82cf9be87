/**
 * Starts a personal-model build when the browser is idle: after a Save has shown its predictions, or when the Models
 * page opens. Never on the path of Save, and the trainer's code is imported only here, on demand. Best effort: a
 * failure is recorded by the run itself, and the next check-in tries again.
 */
export function schedulePersonalTraining(userId: string): () => void {
  let cancelled = false;
  const start = () => {
    if (cancelled) return;
    void import("./train-in-page").then((m) => m.trainPersonalModelsInPage(userId)).catch(() => undefined);
  };
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(start, { timeout: 5_000 });
    return () => {
      cancelled = true;
      cancelIdleCallback(handle);
    };
  }
  const timer = setTimeout(start, 500);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
