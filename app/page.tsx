import { env } from "@/lib/env";

export default function HomePage() {
  return (
    <section>
      <h1>How are you today?</h1>
      <p>
        Record your mood, energy, stress, sleep and activity once a day. Five small models run in your own browser
        and tell you what to expect tomorrow; your check-ins never leave this device unless you connect a Supabase project.
      </p>
      {env.mode === "local" ? (
        <p className="notice" role="status">
          Running in local mode: your data is stored in this browser only.
        </p>
      ) : (
        <p className="notice" role="status">Connected to Supabase.</p>
      )}
    </section>
  );
}
