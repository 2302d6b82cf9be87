import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { ConnectionBadge } from "./_components/connection-badge";
import { IntentLink } from "./_components/intent-link";
import { LazySessionNav } from "./_components/session-nav-lazy";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Check-in",
  description: "A daily check-in whose predictions run in your own browser.",
  // app/manifest.ts is linked by Next itself; iOS reads neither its icons nor its display mode, hence apple and
  // appleWebApp. `icon`: with no <link rel="icon">, browsers ask for /favicon.ico, whose 404 cost Lighthouse's Best
  // Practices its points on every page.
  icons: { icon: { url: "/icons/icon-192.png", type: "image/png", sizes: "192x192" }, apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: "Check-in", statusBarStyle: "default" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f766e" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          {/* The first Tab stop: past the header and its six links, straight to the page's content. */}
          <a href="#main" className="skip-link">
            Skip to content
          </a>
          <header className="site-header">
            <IntentLink href="/" className="brand">Check-in</IntentLink>
            <nav aria-label="Main" className="main-nav">
              <IntentLink href="/">Check in</IntentLink>
              <IntentLink href="/history">History</IntentLink>
              <IntentLink href="/predictions">Predictions</IntentLink>
              <IntentLink href="/models">Models</IntentLink>
              <IntentLink href="/your-data">Your data</IntentLink>
              {env.mode === "supabase" && <LazySessionNav />}
            </nav>
            <span className="mode-badge" data-testid="mode-badge">
              {env.mode === "local" ? "Local mode" : "Supabase"}
            </span>
            <ConnectionBadge />
          </header>
          {/* tabIndex -1: the skip link's target takes focus, so the next Tab goes on from the content. */}
          <main id="main" tabIndex={-1} className="container">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
