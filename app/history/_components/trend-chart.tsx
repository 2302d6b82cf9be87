"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CheckIn } from "@/lib/domain/check-in";

const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** Mood, stress and sleep over the loaded check-ins, oldest on the left. */
export default function TrendChart({ checkIns }: { checkIns: CheckIn[] }) {
  const data = [...checkIns].reverse().map((c) => ({
    date: dayFormat.format(new Date(c.checkin_date)),
    Mood: c.mood,
    Stress: c.stress,
    "Sleep (h)": c.sleep_hours,
  }));
  return (
    <figure className="chart" data-testid="trend-chart" aria-label="Trend of mood, stress and sleep">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="date" fontSize={12} />
          <YAxis domain={[0, 24]} fontSize={12} />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="Mood" stroke="#0f766e" strokeWidth={2} isAnimationActive={false} />
          <Line type="monotone" dataKey="Stress" stroke="#b91c1c" strokeWidth={2} isAnimationActive={false} />
          <Line type="monotone" dataKey="Sleep (h)" stroke="#4338ca" strokeWidth={2} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
