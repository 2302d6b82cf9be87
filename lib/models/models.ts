import { getModelRegistry, type LoadedModel } from "./registry";

/**
 * Mirror of the original `MODELS.get('lgbm_multiclass_v1')`: loads the model on first use, then returns the cached
 * instance. Asynchronous because, in a browser, loading is.
 */
export const MODELS = {
  get(name: string, opts?: { signal?: AbortSignal }): Promise<LoadedModel> {
    return getModelRegistry().get(name, opts);
  },
} as const;
