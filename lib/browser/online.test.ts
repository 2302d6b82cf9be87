import { afterEach, describe, expect, it, vi } from "vitest";
import { isOnline, subscribeOnline } from "./online";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the page's online state", () => {
  it("starts from navigator.onLine (a page opened offline knows it) and tells subscribers of each change", () => {
    const browser = { onLine: false };
    const window = new EventTarget();
    vi.stubGlobal("window", window);
    vi.stubGlobal("navigator", browser);
    expect(isOnline()).toBe(false);

    const heard: boolean[] = [];
    const stop = subscribeOnline(() => heard.push(isOnline()));
    browser.onLine = true;
    window.dispatchEvent(new Event("online"));
    browser.onLine = false;
    window.dispatchEvent(new Event("offline"));
    expect(heard).toEqual([true, false]);

    // The last unsubscribe removes the window listeners: nothing is heard after it.
    stop();
    window.dispatchEvent(new Event("online"));
    expect(heard).toEqual([true, false]);
  });

  it("answers online where there is no navigator (the server render)", () => {
    vi.stubGlobal("navigator", undefined);
    expect(isOnline()).toBe(true);
  });
});
