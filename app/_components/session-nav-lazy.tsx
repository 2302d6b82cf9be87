"use client";

import dynamic from "next/dynamic";

/**
 * The header's account links (Supabase mode only) as a separate chunk: the root layout imports this, and a local-mode
 * page never renders it, so neither the links nor TanStack Query are in its first-load JavaScript (issue 20).
 */
export const LazySessionNav = dynamic(() => import("./session-nav").then((m) => m.SessionNav));
