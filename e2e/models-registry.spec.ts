import { expect, test } from "@playwright/test";
import {
  cacheOnly,
  cachedKeys,
  clearCache,
  isModelFile,
  isOrtFile,
  largest,
  loadAndRun,
  openHarness,
  recordRequests,
  servedFile,
} from "./fixtures/models-harness";

// Real Chromium, real onnxruntime-web, real IndexedDB, the production build's static file server (Range, gzip).

test("lazy start, ten concurrent gets → one download, inference in a worker, reload → no model requests", async ({ page }) => {
  const models = recordRequests(page, isModelFile);
  const ort = recordRequests(page, isOrtFile);
  const manifest = await openHarness(page);
  expect(models).toHaveLength(0);
  expect(ort).toHaveLength(0);

  const name = largest(manifest).name;
  const same = await page.evaluate(async (n) => {
    const registry = window.__modelTest!.registry;
    const all = await Promise.all(Array.from({ length: 10 }, () => registry.get(n)));
    return all.every((m) => m === all[0]);
  }, name);
  expect(same).toBe(true);
  expect(models.map((r) => r.url())).toEqual([expect.stringContaining(servedFile(largest(manifest)).file)]);

  const output = await loadAndRun(page, name);
  expect(output.label !== null || output.value !== null).toBe(true);
  // env.wasm.proxy: onnxruntime runs in its own worker, not on the UI thread.
  expect(page.workers().length).toBeGreaterThan(0);

  models.length = 0;
  await openHarness(page); // a reload
  await loadAndRun(page, name);
  expect(models).toHaveLength(0);
  expect(await page.evaluate((n) => window.__modelTest!.registry.status(n).phase, name)).toBe("ready");
});

test("two tabs asking for the same model at once download it once", async ({ context }) => {
  const models = recordRequests(context, isModelFile);
  const [a, b] = [await context.newPage(), await context.newPage()];
  const manifest = await openHarness(a);
  await openHarness(b);
  const name = largest(manifest).name;
  // Bytes only: the cross-tab lock guards the download; sessions are per tab anyway.
  expect(await Promise.all([cacheOnly(a, name), cacheOnly(b, name)])).toEqual(["cached", "cached"]);
  expect(models).toHaveLength(1);
});

test("a download cut at 10%, 50% and 90% is never cached and resumes with a Range request", async ({ page }) => {
  const manifest = await openHarness(page);
  const entry = largest(manifest);
  const served = servedFile(entry);
  for (const fraction of [0.1, 0.5, 0.9]) {
    const cut = Math.floor(served.bytes * fraction);
    let cutOnce = true;
    await page.route(`**/models/${served.file}`, async (route) => {
      if (!cutOnce) return route.continue();
      cutOnce = false;
      const response = await route.fetch();
      const body = (await response.body()).subarray(0, cut);
      // The body stops short of the promised length: Chromium sees the connection end part-way.
      await route.fulfill({ status: 200, body, headers: { "Content-Type": "application/octet-stream", "Content-Length": String(served.bytes) } });
    });
    expect(await cacheOnly(page, entry.name), `cut at ${fraction}`).toMatch(/ModelDownloadError/);
    expect(await cachedKeys(page)).toEqual([]);

    const retries = recordRequests(page, (url) => url.endsWith(served.file));
    expect(await cacheOnly(page, entry.name)).toBe("cached");
    expect(retries, `cut at ${fraction}`).toHaveLength(1);
    expect(await retries[0]!.headerValue("range")).toBe(`bytes=${cut}-`);
    expect((await retries[0]!.response())?.status()).toBe(206);
    expect(await cachedKeys(page)).toHaveLength(1);
    await page.unroute(`**/models/${served.file}`);
    await clearCache(page);
  }
  // The resumed bytes make a working model.
  const output = await loadAndRun(page, entry.name);
  expect(output.label !== null || output.value !== null).toBe(true);
});

test("corrupted and truncated IndexedDB entries are discarded and fetched again", async ({ page }) => {
  const manifest = await openHarness(page);
  const name = largest(manifest).name;
  expect(await cacheOnly(page, name)).toBe("cached");
  const models = recordRequests(page, isModelFile);

  for (const damage of ["flip", "truncate"] as const) {
    // The store holds Blobs: read each one's bytes, damage them, write a Blob back. A flip keeps the length, so only
    // the SHA-256 check can catch it; a truncation is the length check's.
    const sizes = await page.evaluate(
      async ({ dbName, damage }) => {
        const done = <T>(request: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
        const db = await done(indexedDB.open(dbName));
        const read = db.transaction("blobs", "readonly").objectStore("blobs");
        const [keys, values] = await Promise.all([done(read.getAllKeys()), done(read.getAll() as IDBRequest<unknown[]>)]);
        // Bytes are read outside any transaction: awaiting Blob.arrayBuffer() inside one would let it commit.
        const damaged = await Promise.all(
          values.map(async (value) => {
            if (!(value instanceof Blob)) throw new Error(`a model is stored as ${Object.prototype.toString.call(value)}, not a Blob`);
            const bytes = new Uint8Array(await value.arrayBuffer());
            if (damage === "truncate") return { before: value.size, blob: new Blob([bytes.slice(0, bytes.length >> 2)]) };
            const middle = bytes.length >> 1;
            bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
            return { before: value.size, blob: new Blob([bytes]) };
          }),
        );
        const write = db.transaction("blobs", "readwrite");
        keys.forEach((key, i) => write.objectStore("blobs").put(damaged[i]!.blob, key));
        await new Promise<void>((resolve, reject) => {
          write.oncomplete = () => resolve();
          write.onerror = () => reject(write.error);
        });
        db.close();
        return damaged.map((d) => ({ before: d.before, after: d.blob.size }));
      },
      { dbName: "checkin-models", damage },
    );
    expect(sizes, `${damage}: one cached model damaged`).toHaveLength(1);
    if (damage === "flip") expect(sizes[0]!.after, "a flip keeps the length").toBe(sizes[0]!.before);
    else expect(sizes[0]!.after).toBeLessThan(sizes[0]!.before);
    models.length = 0;
    await openHarness(page);
    expect(await cacheOnly(page, name)).toBe("cached");
    expect(models, `after ${damage}`).toHaveLength(1);
  }
});

test("quota exceeded: least recently used models are evicted, then a model is kept in memory only", async ({ page }) => {
  // Chromium ignored CDP Storage.overrideQuotaForOrigin for these IndexedDB writes (it compresses values and checks
  // quota lazily), so the quota is emulated at the one place the browser would refuse: IDBObjectStore.put on the
  // model blobs store throws the same QuotaExceededError DOMException once a byte budget set by the test is used up.
  await page.addInitScript(() => {
    const sizes = new Map<string, number>();
    const w = window as Window & { __quotaBytes?: number };
    const put = IDBObjectStore.prototype.put;
    const del = IDBObjectStore.prototype.delete;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      // Model bytes are stored as Blobs (ArrayBuffers before).
      const size = value instanceof Blob ? value.size : value instanceof ArrayBuffer ? value.byteLength : undefined;
      if (this.name === "blobs" && size !== undefined && w.__quotaBytes !== undefined) {
        const used = [...sizes.entries()].filter(([k]) => k !== String(key)).reduce((sum, [, n]) => sum + n, 0);
        if (used + size > w.__quotaBytes) throw new DOMException("Quota exceeded.", "QuotaExceededError");
        sizes.set(String(key), size);
      }
      return put.call(this, value, key);
    };
    IDBObjectStore.prototype.delete = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
      if (this.name === "blobs") sizes.delete(String(key));
      return del.call(this, key);
    };
  });
  const manifest = await openHarness(page);
  const [big, second] = [...manifest.models].sort((a, b) => b.bytes - a.bytes);
  // Room for the largest model, not for it and the next one together.
  await page.evaluate((bytes) => ((window as Window & { __quotaBytes?: number }).__quotaBytes = bytes), big!.bytes + 1024);
  expect(await cacheOnly(page, big!.name)).toBe("cached");
  expect(await cacheOnly(page, second!.name)).toBe("cached");
  const keys = await cachedKeys(page);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toContain(second!.name);

  await page.evaluate(() => ((window as Window & { __quotaBytes?: number }).__quotaBytes = 1024));
  const smallest = [...manifest.models].sort((a, b) => a.bytes - b.bytes)[0]!;
  await loadAndRun(page, smallest.name);
  const status = await page.evaluate((n) => window.__modelTest!.registry.status(n), smallest.name);
  expect(status).toMatchObject({ phase: "ready", persisted: false, cachedBytes: 0 });
  expect(status.notice).toMatch(/Not enough storage/);
  expect(await cachedKeys(page)).toHaveLength(0);
});

test("a new manifest version mid-session: next get() uses it, the old session and cache entry go", async ({ page }) => {
  const manifest = await openHarness(page, "?revalidate=3600000");
  const entry = largest(manifest);
  await loadAndRun(page, entry.name);
  expect((await cachedKeys(page))[0]).toContain(`@${entry.version}#`);

  await page.route("**/models/manifest.json", async (route) => {
    const response = await route.fetch();
    const json = (await response.json()) as typeof manifest;
    for (const m of json.models) if (m.name === entry.name) m.version = `${m.version}-next`;
    await route.fulfill({ response, json });
  });
  // Revalidation runs on window focus.
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect
    .poll(() => page.evaluate((n) => window.__modelTest!.registry.liveModels().includes(n), entry.name))
    .toBe(false);
  const next = await page.evaluate(async (n) => (await window.__modelTest!.registry.get(n)).entry.version, entry.name);
  expect(next).toBe(`${entry.version}-next`);
  await expect.poll(() => cachedKeys(page)).toEqual([expect.stringContaining(`@${entry.version}-next#`)]);
});

test("after the first fetch a model loads with the network off (saved manifest + IndexedDB)", async ({ page, context }) => {
  const manifest = await openHarness(page);
  const smallest = [...manifest.models].sort((a, b) => a.bytes - b.bytes)[0]!;
  const online = await loadAndRun(page, smallest.name);
  await context.setOffline(true);
  const offline = await page.evaluate(async (n) => {
    // A new registry, as after a restart: it must find the manifest and the bytes without the network.
    const registry = window.__modelTest!.create({ preload: "none" });
    const model = await registry.get(n);
    return model.run(new Float32Array(model.entry.input.shape[1] ?? model.entry.features.length).fill(Number.NaN));
  }, smallest.name);
  expect(offline).toEqual(online);
  await context.setOffline(false);
});

test("usage-based preloading caches the most used model when idle, and not at all with Save-Data", async ({ browser }) => {
  for (const saveData of [false, true]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const manifest = (await (await page.request.get("/models/manifest.json")).json()) as { models: { name: string; bytes: number }[] };
    const favourite = [...manifest.models].sort((a, b) => a.bytes - b.bytes)[0]!.name;
    await page.addInitScript(
      ({ favourite, saveData }) => {
        localStorage.setItem("checkin-models:usage", JSON.stringify({ [favourite]: 7 }));
        if (saveData) Object.defineProperty(navigator, "connection", { value: { saveData: true } });
      },
      { favourite, saveData },
    );
    const models = recordRequests(page, isModelFile);
    const ort = recordRequests(page, isOrtFile);
    await openHarness(page, "?preload=usage");
    if (saveData) {
      await page.waitForTimeout(2000);
      expect(models).toHaveLength(0);
    } else {
      await expect.poll(() => cachedKeys(page), { timeout: 15_000 }).toEqual([expect.stringContaining(favourite)]);
      expect(await page.evaluate(() => window.__modelTest!.registry.liveModels())).toEqual([]);
      expect(ort).toHaveLength(0); // preloading fetches bytes only; the runtime waits for a real use
    }
    await context.close();
  }
});

test("a new manifest in the middle of a load (the model itself unchanged): the load resolves", async ({ page }) => {
  const manifest = await openHarness(page, "?revalidate=3600000");
  const entry = largest(manifest);
  const other = manifest.models.find((m) => m.name !== entry.name)!;
  // Hold the model's bytes back until the new manifest is in.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/models/${servedFile(entry).file}`, async (route) => {
    await held;
    await route.continue();
  });
  const loading = page.evaluate(async (n) => {
    const model = await window.__modelTest!.registry.get(n);
    return model.entry.version;
  }, entry.name);
  // After onnxruntime's own bytes (runtime first), the model's download starts and is held.
  await expect.poll(() => page.evaluate((n) => window.__modelTest!.registry.status(n).phase, entry.name), { timeout: 45_000 }).toBe("downloading");

  // A deploy that changes another model only: every entry object is rebuilt, this one's content is the same.
  await page.route("**/models/manifest.json", async (route) => {
    const response = await route.fetch();
    const json = (await response.json()) as typeof manifest;
    for (const m of json.models) if (m.name === other.name) m.version = `${m.version}-next`;
    await route.fulfill({ response, json });
  });
  // Focus and visibilitychange together, as a refocused tab fires them: one revalidation.
  const manifestRequests = recordRequests(page, (url) => url.endsWith("/models/manifest.json"));
  await page.evaluate(() => {
    window.dispatchEvent(new Event("focus"));
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect.poll(() => manifestRequests.length).toBe(1);
  await expect
    .poll(() => page.evaluate(async (n) => (await window.__modelTest!.registry.manifest()).models.find((m) => m.name === n)?.version, other.name))
    .toBe(`${other.version}-next`);
  release();
  // On the old code this never settled: the load re-entered its own flight and waited on itself.
  const version = await Promise.race([loading, page.waitForTimeout(20_000).then(() => "still loading after 20 s")]);
  expect(version).toBe(entry.version);
  expect(await page.evaluate((n) => window.__modelTest!.registry.liveModels().includes(n), entry.name)).toBe(true);
  expect(manifestRequests).toHaveLength(1);
});
