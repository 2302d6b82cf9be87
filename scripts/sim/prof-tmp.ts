import { runSchedule } from "@/tests/sim/run-schedule";
import { generateSchedule } from "@/tests/sim/schedule";
console.error = () => undefined;
console.log = ((orig) => (...a: unknown[]) => { if (String(a[0]).startsWith("RES")) orig(...a); })(console.log);
const c0 = process.cpuUsage(); const t = performance.now();
let steps = 0; const N = 40;
const per: [number, number][] = [];
for (let s = 2000; s < 2000 + N; s++) { const c = process.cpuUsage(); const r = await runSchedule(generateSchedule(s)); steps += r.steps; const d = process.cpuUsage(c); per.push([s, (d.user + d.system) / 1000]); }
const cpu = process.cpuUsage(c0);
console.log("RES wall ms/run", ((performance.now() - t) / N).toFixed(1), "cpu ms/run", ((cpu.user + cpu.system) / 1000 / N).toFixed(1), "steps/run", steps / N);
console.log("RES", per.sort((a, b) => b[1] - a[1]).slice(0, 6).map((x) => x.map(Math.round).join(":")).join(" "));
