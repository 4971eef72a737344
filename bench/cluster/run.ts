// Benchmark of the local control plane: cold-process start time (several runs), memory per component, the
// scale knob (time for N seeded pods to reach Running), and the real Rancher Manager on it (start time to /ping and
// to users ready, memory and idle CPU). Prints its figures; asserts nothing.
//   npm run bench:cluster -- [--runs 3] [--pods 2000] [--no-rancher]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kubectlOk, seedScale, startCluster, type Cluster } from '../../tests/cluster';
import { startRancher } from '../../tests/rancher/start';

const RANCHER_IDLE_SECONDS = 60;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

async function rancherReport(cluster: Cluster): Promise<void> {
  const rancher = await startRancher(cluster);
  try {
    console.log(`rancher: /ping after ${rancher.pingSeconds.toFixed(1)} s; users, tokens and its imperative API ready after ${rancher.startSeconds.toFixed(1)} s`);
    console.log(`rancher: RSS right after start ${rssMiB(rancher.pid).toFixed(0)} MiB`);
    const cpu0 = cpuSeconds(rancher.pid);
    await new Promise((r) => setTimeout(r, RANCHER_IDLE_SECONDS * 1000));
    const idle = (cpuSeconds(rancher.pid) - cpu0) / RANCHER_IDLE_SECONDS;
    console.log(`rancher: after ${RANCHER_IDLE_SECONDS} s idle: RSS ${rssMiB(rancher.pid).toFixed(0)} MiB, CPU ${(idle * 100).toFixed(1)} % of one core`);
  } finally {
    await rancher.stop();
  }
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

function memoryReport(cluster: Cluster): string {
  const rows = Object.entries(cluster.pids).map(([name, pid]) => [name, rssMiB(pid)] as const);
  const total = rows.reduce((sum, [, mib]) => sum + mib, 0);
  return [...rows.map(([name, mib]) => `    ${name.padEnd(24)} ${mib.toFixed(0).padStart(5)} MiB`),
          `    ${'total'.padEnd(24)} ${total.toFixed(0).padStart(5)} MiB`].join('\n');
}

async function runningPods(cluster: Cluster): Promise<number> {
  const out = await kubectlOk(cluster.tools.kubectl, cluster.kubeconfigPath,
    ['get', 'pods', '-A', '--field-selector=status.phase=Running', '-o', 'name', '--chunk-size=500']);
  return out.split('\n').filter(Boolean).length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, pods: { type: 'string', default: '2000' }, 'no-rancher': { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const pods = Number(values.pods);
  const starts: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const cluster = await startCluster();
    starts.push(cluster.startSeconds);
    const phases = Object.entries(cluster.startPhases).map(([name, at]) => `${name} ${at.toFixed(1)}`).join(', ');
    console.log(`start ${i}/${runs}: ready in ${cluster.startSeconds.toFixed(2)} s (phases done at s: ${phases})`);
    if (i < runs) await cluster.stop();
    else {
      console.log(`memory right after start (RSS):\n${memoryReport(cluster)}`);
      if (!values['no-rancher']) await rancherReport(cluster);
      if (pods > 0) {
        const t0 = Date.now();
        const namespaces = await seedScale(cluster, pods);
        const seeded = (Date.now() - t0) / 1000;
        let running = 0;
        while ((running = await runningPods(cluster)) < pods) await new Promise((r) => setTimeout(r, 1000));
        const total = (Date.now() - t0) / 1000;
        console.log(`scale: ${pods} pods in ${namespaces.length} namespaces: applied in ${seeded.toFixed(1)} s, all ${running} Running after ${total.toFixed(1)} s`);
        const t1 = Date.now();
        await runningPods(cluster);
        console.log(`scale: kubectl get pods -A (${running} pods, chunked) took ${((Date.now() - t1) / 1000).toFixed(2)} s`);
        console.log(`memory with ${pods} pods (RSS):\n${memoryReport(cluster)}`);
      }
      await cluster.stop();
    }
  }
  const sorted = [...starts].sort((a, b) => a - b);
  console.log(`start time over ${runs} runs: min ${sorted[0].toFixed(2)} s, median ${sorted[Math.floor(runs / 2)].toFixed(2)} s, max ${sorted[runs - 1].toFixed(2)} s`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
