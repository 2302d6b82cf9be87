"use client";

import { useEffect, useState } from "react";
import { MODEL_DB_NAME } from "@/lib/models/idb-model-cache";
import { createOrtSession } from "@/lib/models/ort-session";
import { ModelRegistry, type RegistryOptions } from "@/lib/models/registry";

declare global {
  interface Window {
    __modelTest?: {
      registry: ModelRegistry;
      /** A second registry in the same page (e.g. to start again while offline). */
      create: (options?: RegistryOptions) => ModelRegistry;
      dbName: string;
      /** performance.now() when the registry was created (after hydration) and when its start finished. */
      startedAt: number;
      readyAt: number | null;
      error: string | null;
    };
  }
}

function optionsFromQuery(query: URLSearchParams): RegistryOptions {
  const preload = query.get("preload");
  return {
    preload: preload === "all" || preload === "usage" ? preload : "none",
    revalidateIntervalMs: query.has("revalidate") ? Number(query.get("revalidate")) : 0,
    compressed: query.get("compressed") !== "0",
    // earlyStart=0: no runtime-first start: runtime and model bytes read together, onnxruntime started by the first real
    // model (the registry before the warm-up model; benchmark comparison).
    sessionFactory: query.get("earlyStart") === "0" ? (bytes, entry) => createOrtSession(bytes, entry) : undefined,
  };
}

export function RegistryHarness() {
  const [state, setState] = useState("starting");
  useEffect(() => {
    const query = new URLSearchParams(window.location.search);
    const options = optionsFromQuery(query);
    const registry = new ModelRegistry(options);
    const create = (extra: RegistryOptions = {}) => new ModelRegistry({ ...options, ...extra });
    const harness = { registry, create, dbName: MODEL_DB_NAME, startedAt: performance.now(), readyAt: null as number | null, error: null as string | null };
    window.__modelTest = harness;
    // Startup as the app would do it: lazy waits for the manifest only, eager for every model.
    const started = options.preload === "all" ? registry.loadAll() : registry.manifest();
    started
      .then(() => {
        harness.readyAt = performance.now();
        setState("ready");
      })
      .catch((error: unknown) => {
        harness.error = error instanceof Error ? error.message : String(error);
        setState("error");
      });
    return () => registry.dispose();
  }, []);
  return <p data-testid="harness-state">{state}</p>;
}
