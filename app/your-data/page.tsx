import type { Metadata } from "next";
import { ReminderSetting } from "./_components/reminder-setting";
import { YourDataView } from "./_components/your-data-view";
import { QueryProvider } from "../_components/query-provider";

export const metadata: Metadata = { title: "Your data · Check-in" };

export default function YourDataPage() {
  return (
    <section>
      <h1>Your data</h1>
      <QueryProvider>
        <YourDataView />
        <ReminderSetting />
      </QueryProvider>
    </section>
  );
}
