import type { Browser, BrowserContext, Page } from "@playwright/test";
import { type DeviceId, type TabId, TABS, deviceOf } from "../../tests/chaos/schedule";
import { announceOnline } from "./app-actions";
import type { WireRecorder } from "./wire";

/**
 * The two devices of a chaos run: a browser context each (its own IndexedDB, cookies, service worker), device 1 with two
 * tab slots and device 2 with one. A slot is empty after its tab was closed, until an open-tab operation.
 */
export class Devices {
  private readonly contexts = new Map<DeviceId, BrowserContext>();
  private readonly tabs = new Map<TabId, Page | null>(TABS.map((t) => [t, null]));
  private readonly offline = new Set<DeviceId>();

  constructor(
    private readonly browser: Browser,
    private readonly wire: WireRecorder,
  ) {}

  async open(device: DeviceId): Promise<BrowserContext> {
    const context = await this.browser.newContext();
    // Playwright's actions wait without limit by default: a Save button that a sign-out in the device's other tab
    // disabled between two steps held a CI run for 40 minutes with nothing logged. Now such a step fails in 30 s, and
    // the run logs it as not completed.
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    this.wire.watch(device, context);
    this.contexts.set(device, context);
    return context;
  }

  context(device: DeviceId): BrowserContext {
    const context = this.contexts.get(device);
    if (!context) throw new Error(`device ${device} was not opened`);
    return context;
  }

  tab(tab: TabId): Page | null {
    const page = this.tabs.get(tab) ?? null;
    return page && !page.isClosed() ? page : null;
  }

  async openTab(tab: TabId, path = "/"): Promise<Page> {
    const existing = this.tab(tab);
    if (existing) return existing;
    const page = await this.context(deviceOf(tab)).newPage();
    this.tabs.set(tab, page);
    await page.goto(path, { timeout: 30_000 }).catch(() => undefined);
    return page;
  }

  async closeTab(tab: TabId): Promise<void> {
    await this.tab(tab)?.close();
    this.tabs.set(tab, null);
  }

  openTabsOf(device: DeviceId): Page[] {
    return TABS.filter((t) => deviceOf(t) === device)
      .map((t) => this.tab(t))
      .filter((p): p is Page => p !== null);
  }

  /** The first open tab of the device, opening its first slot if every tab is closed. */
  async anyTab(device: DeviceId): Promise<Page> {
    return this.openTabsOf(device)[0] ?? this.openTab(device === "d1" ? "d1t1" : "d2t1");
  }

  isOnline(device: DeviceId): boolean {
    return !this.offline.has(device);
  }

  async setOnline(device: DeviceId, online: boolean): Promise<void> {
    await this.context(device).setOffline(!online);
    if (online) {
      this.offline.delete(device);
      for (const page of this.openTabsOf(device)) await announceOnline(page);
    } else {
      this.offline.add(device);
    }
  }

  async closeAll(): Promise<void> {
    for (const context of this.contexts.values()) await context.close().catch(() => undefined);
  }
}
