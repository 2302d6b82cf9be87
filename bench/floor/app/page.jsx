// Some text, so that Lighthouse has a Largest Contentful Paint to measure; no client component of its own: React
// still hydrates the root, as on any App Router page.
export default function BlankPage() {
  return (
    <main>
      <h1>Blank</h1>
      <p>A Next.js page with nothing of the app in it.</p>
    </main>
  );
}
