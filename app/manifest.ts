import type { MetadataRoute } from "next";

/**
 * The web app manifest, served by Next as /manifest.webmanifest (application/manifest+json) and linked from every page.
 * Colours match app/globals.css: the accent for the title bar, the page background for the splash screen.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Check-in: a daily check-in with predictions",
    short_name: "Check-in",
    description: "A daily check-in whose predictions run in your own browser.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#0f766e",
    background_color: "#f9fafb",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      // Drawn inside the safe zone (scripts/icons.mjs), so launchers may crop it to a circle or a squircle.
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
