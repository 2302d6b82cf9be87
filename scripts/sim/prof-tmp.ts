import { runSchedule } from "@/tests/sim/run-schedule";
import { generateSchedule } from "@/tests/sim/schedule";
console.error = () => undefined;
const c0 = process.cpuUsage(); const t = performance.now();
let steps = 0;
for (let s = 100; s < 160; s++) { const r = await runSchedule(generateSchedule(s)); steps += r.steps; }
const cpu = process.cpuUsage(c0);
console.log("wall ms/run", ((performance.now() - t) / 60).toFixed(1), "cpu ms/run", ((cpu.user + cpu.system) / 1000 / 60).toFixed(1), "steps/run", steps / 60);
