import { env } from "@/lib/env";
import { CheckInForm } from "./_components/check-in-form";

export default function HomePage() {
  return (
    <section>
      <h1>How are you today?</h1>
      <p className="muted">
        Five small models run in your own browser and tell you what to expect tomorrow.
        {env.mode === "local"
          ? " Local mode: your check-ins stay in this browser."
          : " Your check-ins are stored in your Supabase project."}
      </p>
      <CheckInForm />
    </section>
  );
}
