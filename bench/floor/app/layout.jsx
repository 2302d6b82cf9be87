/**
 * The floor of the Lighthouse benchmark (scripts/bench/lighthouse.ts, reported as `floor`): a blank Next + React app
 * built and served by the same `next` as the app, with none of our code, so that our pages are read beside what the
 * framework alone costs on this machine. Plain JavaScript, so that Next does not write a tsconfig here.
 */
export const metadata = { title: "Floor", description: "A blank Next.js page: the framework's own cost." };

export const viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
