// k8s-ai-bench-shaped tasks replayed by a scripted perfect agent that has only Drover's MCP tools (agent-scenarios.ts
// holds the tasks, perfect-agent.ts the agent). The real server (dist/main.js) runs in read-write mode against the
// local control plane: the running test ground when DROVER_TEST_CLUSTER names its state file, else one started for
// the run. The agent acts as the cluster's admin user (drover-admin in system:masters, impersonated by the server),
// the rights k8s-ai-bench gives its agent, and approves each write through the plan-token protocol. Per task: setup
// with kubectl as the admin, the agent's calls, a kubectl verification like the task's verify.sh, and the task's
// namespace (and any cluster-scoped objects it made) deleted. Prints one line per task (solved, tool calls, plans
// approved, the first failing step) and "N/M solved in read-write mode". Asserts nothing: it exits non-zero only
// when the script itself crashes. Usage: npm run bench:mcp-tasks -- [--only <task name>]
import { parseArgs } from 'node:util';
import { applyObjects, kubectlOk, runKubectl, startCluster, testCluster, CLUSTER_STATE_ENV, type Cluster } from '../../tests/cluster';
import { TASKS, type AgentTask, type Ground } from './agent-scenarios';
import { launchServer, type McpServer } from './common';
import { PerfectAgent, StepFailed } from './perfect-agent';

const MODE = 'read-write';
const NAMESPACE_GONE_TIMEOUT = '--timeout=120s';

type ClusterInUse = Omit<Cluster, 'stop'>;

interface Outcome {
  solved: boolean;
  calls: number;
  plans: number;
  /** How long the agent's calls took (setup and verification left out). */
  seconds: number;
  /** The first step that failed: in setup, in the agent's calls, or in the verification. */
  failure?: string;
}

function groundOf(cluster: ClusterInUse): Ground {
  const { kubectl } = cluster.tools;
  return {
    cluster,
    kubectl: (args, input) => kubectlOk(kubectl, cluster.kubeconfigPath, args, input),
    tryKubectl: (args) => runKubectl(kubectl, cluster.kubeconfigPath, args),
    apply: async (objects) => {
      await applyObjects(kubectl, cluster.kubeconfigPath, objects);
    },
    get: async (args) => JSON.parse(await kubectlOk(kubectl, cluster.kubeconfigPath, ['get', ...args, '-o', 'json'])),
  };
}

/** Removes what a task leaves (its namespace, its cluster-scoped objects), waiting until they are gone. */
async function removeLeftovers(ground: Ground, task: AgentTask): Promise<void> {
  await ground.kubectl(['delete', 'namespace', task.namespace, '--ignore-not-found', '--wait=true', NAMESPACE_GONE_TIMEOUT]);
  if (task.clusterObjects?.length)
    await ground.kubectl(['delete', ...task.clusterObjects, '--ignore-not-found', '--wait=true', NAMESPACE_GONE_TIMEOUT]);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 240);

async function runTask(task: AgentTask, ground: Ground, server: McpServer, cluster: ClusterInUse): Promise<Outcome> {
  try {
    await removeLeftovers(ground, task);
    if (!task.agentCreatesNamespace) await ground.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: task.namespace } }]);
    await task.setup?.(ground, task.namespace);
  } catch (err) {
    return { solved: false, calls: 0, plans: 0, seconds: 0, failure: `setup: ${message(err)}` };
  }
  const agent = await PerfectAgent.connect(server.port, { name: cluster.users.admin.name, groups: cluster.users.admin.groups });
  let failure: string | undefined;
  const started = performance.now();
  let seconds = 0;
  try {
    const answer = (await task.solve(agent, task.namespace)) ?? '';
    seconds = (performance.now() - started) / 1000;
    failure = await task.verify(ground, task.namespace, answer).then(
      (why) => why && `verify: ${why}`,
      (err: unknown) => `verify: ${message(err)}`,
    );
  } catch (err) {
    // A step the agent could not take is the task's result; anything else is a crash of this script.
    if (!(err instanceof StepFailed)) throw err;
    seconds = (performance.now() - started) / 1000;
    failure = message(err);
  } finally {
    await agent.close();
  }
  return { solved: !failure, calls: agent.calls, plans: agent.plansApproved, seconds, failure };
}

function line(task: AgentTask, o: Outcome): string {
  const cells = [
    task.name.padEnd(34),
    (o.solved ? 'yes' : 'no').padEnd(6),
    String(o.calls).padStart(5),
    String(o.plans).padStart(6),
    `${o.seconds.toFixed(1)} s`.padStart(8),
  ];
  return `  ${cells.join('  ')}  ${o.failure ?? ''}`.trimEnd();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const tasks = values.only ? TASKS.filter((t) => t.name === values.only) : TASKS;
  if (!tasks.length) throw new Error(`no task named ${values.only}; the tasks are: ${TASKS.map((t) => t.name).join(', ')}`);

  let started: Cluster | undefined;
  if (!process.env[CLUSTER_STATE_ENV]) {
    console.log(`${CLUSTER_STATE_ENV} is not set: starting a local control plane for this run…`);
    started = await startCluster();
  }
  const cluster: ClusterInUse = started ?? testCluster();
  const ground = groundOf(cluster);
  let server: McpServer | undefined;
  try {
    server = await launchServer([
      `--kubeconfig=${cluster.users.mcp.kubeconfigPath}`,
      `--kubectl=${cluster.tools.kubectl}`,
      `--helm=${cluster.tools.helm}`,
      `--mode=${MODE}`,
    ]);
    console.log(`\nk8s-ai-bench-shaped tasks, replayed by a scripted perfect agent with only Drover's MCP tools (Streamable HTTP)`);
    console.log(
      `server mode ${MODE}; the agent acts as ${cluster.users.admin.name} (${cluster.users.admin.groups.join(', ')}), ` +
        'impersonated by the server; every write planned, then approved with its token\n',
    );
    console.log(`  ${'task'.padEnd(34)}  solved  calls  plans      time  first failing step`);
    const outcomes: Outcome[] = [];
    const caveats: string[] = [];
    for (const task of tasks) {
      const outcome = await runTask(task, ground, server, cluster);
      outcomes.push(outcome);
      console.log(line(task, outcome));
      if (!outcome.solved) console.log(`      asked: ${task.prompt}`);
      if (task.caveat) caveats.push(`  ${task.name}: ${task.caveat}`);
      await removeLeftovers(ground, task).catch((err: unknown) =>
        console.log(`    (cleanup of ${task.namespace} failed: ${message(err)})`),
      );
    }
    const solved = outcomes.filter((o) => o.solved).length;
    const calls = outcomes.reduce((sum, o) => sum + o.calls, 0);
    const plans = outcomes.reduce((sum, o) => sum + o.plans, 0);
    console.log(
      `\n${solved}/${outcomes.length} solved in ${MODE} mode (${calls} tool calls, ${plans} plan${plans === 1 ? '' : 's'} approved)`,
    );
    if (caveats.length) console.log(`\nWhat this control plane cannot show (kwok runs no containers):\n${caveats.join('\n')}`);
  } finally {
    server?.child.kill('SIGTERM');
    await started?.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
