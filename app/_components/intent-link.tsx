"use client";

import Link from "next/link";
import { type ReactNode, useState } from "react";

/**
 * The header's links, prefetched on intent (pointer over, keyboard focus, a finger down) instead of on sight.
 * `<Link>` prefetches every route it links to as soon as it is visible: the header's five links cost each page load ten
 * RSC requests, some 120 KB of the other pages' chunks and a string of 50–500 ms tasks in Next's router right after
 * hydration (Lighthouse, issue 20: the shell page's Total Blocking Time was 4× the blank Next page's). This is the
 * hover-triggered prefetch of Next's prefetching guide; a click with nothing prefetched still navigates (the route is
 * fetched then), and offline the service worker serves the precached page.
 */
export function IntentLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  const [intent, setIntent] = useState(false);
  const show = () => setIntent(true);
  return (
    <Link href={href} className={className} prefetch={intent ? null : false} onMouseEnter={show} onFocus={show} onTouchStart={show}>
      {children}
    </Link>
  );
}
