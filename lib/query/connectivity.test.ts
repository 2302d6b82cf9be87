import { onlineManager } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { trackBrowserConnectivity } from "./connectivity";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("trackBrowserConnectivity", () => {
  it("starts from navigator.onLine (a page opened offline knows it), then follows the online/offline events", () => {
    const browser = { onLine: false };
    const window = new EventTarget();
    vi.stubGlobal("window", window);
    vi.stubGlobal("navigator", browser);
    expect(onlineManager.isOnline()).toBe(true); // TanStack's own assumption before any event

    trackBrowserConnectivity();
    expect(onlineManager.isOnline()).toBe(false);

    const heard: boolean[] = [];
    const stop = onlineManager.subscribe((online) => heard.push(online));
    browser.onLine = true;
    window.dispatchEvent(new Event("online"));
    browser.onLine = false;
    window.dispatchEvent(new Event("offline"));
    expect(heard).toEqual([true, false]);
    stop();
  });
});
