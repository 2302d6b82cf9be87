/** A reminder's local wall-clock time, "HH:MM" (24 h), as an <input type="time"> gives it. */
export type ReminderTime = `${number}:${number}`;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isReminderTime(value: unknown): value is ReminderTime {
  return typeof value === "string" && HH_MM.test(value);
}

/** Minutes since local midnight of a valid "HH:MM". */
export function minutesOfDay(time: ReminderTime): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

// One formatter per zone: constructing one loads the zone's data (tens of µs), formatting with it costs about one.
const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `epochMs`, in minutes since local midnight (what a clock on the wall shows). */
export function localMinutesOfDay(epochMs: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-US", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clocks.set(timeZone, clock);
  }
  let hour = 0;
  let minute = 0;
  for (const part of clock.formatToParts(epochMs)) {
    if (part.type === "hour") hour = Number(part.value);
    else if (part.type === "minute") minute = Number(part.value);
  }
  return hour * 60 + minute;
}
