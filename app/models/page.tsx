import type { Metadata } from "next";
import { ModelManager } from "./_components/model-manager";
import { PersonalModels } from "./_components/personal-models";
import { QueryProvider } from "../_components/query-provider";

export const metadata: Metadata = { title: "Models · Check-in" };

export default function ModelsPage() {
  return (
    <section>
      <h1>Models</h1>
      <p>
        Five small models run in your browser. Each is downloaded the first time it is needed, checked against its
        published fingerprint, and kept on this device so the app works offline.
      </p>
      <ModelManager />
      <QueryProvider>
        <PersonalModels />
      </QueryProvider>
    </section>
  );
}
