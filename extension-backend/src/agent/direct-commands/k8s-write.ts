// Direct commands that change workloads: scale, rollout, delete. The backend runs them through the same plan and
// approval as the model's calls; nothing here changes anything by itself.
import { atMost, oneOf, wholeNumber } from './args';
import { takeTarget } from './kinds';
import { currentNamespace, NAMESPACE_FLAG, objectNamespace } from './scope';
import { InvalidCommand, toolCall, type CommandSpec } from './types';

const ROLLOUT_ACTIONS = ['status', 'history', 'restart', 'undo', 'pause', 'resume'] as const;
/** These two only read: they go to the read tool k8s_rollout_status, the others to k8s_rollout. */
const ROLLOUT_READS: readonly string[] = ['status', 'history'];
const ROLLOUT_KINDS = ['deployment', 'statefulset', 'daemonset'];

const scale: CommandSpec = {
  name: 'scale',
  usage: '<kind>/<name> <replicas> | <kind>/<name> --replicas=N [-n ns]',
  summary: 'Set the replica count of a deployment, statefulset or replicaset (asks for approval).',
  example: '/scale deploy/web 3',
  flags: [NAMESPACE_FLAG, { key: 'replicas', names: ['--replicas'], value: 'N', description: 'desired number of replicas' }],
  build(args, context) {
    const { kind, name, rest } = takeTarget(args.positionals);
    const [positional] = atMost(rest, 1);
    const counts = [positional, args.value('replicas')].filter((c) => c !== undefined);
    if (counts.length !== 1) throw new InvalidCommand(counts.length ? 'give the replica count once' : 'missing the replica count');
    return toolCall('k8s_scale', {
      kind,
      name,
      namespace: currentNamespace(args, context),
      replicas: wholeNumber(counts[0], 'the replica count'),
    });
  },
};

const rollout: CommandSpec = {
  name: 'rollout',
  usage: 'status|history|restart|undo|pause|resume <kind>/<name> [-n ns] [--to-revision N]',
  summary: 'Rollout status or history of a deployment, statefulset or daemonset; restart, undo, pause or resume it (asks for approval).',
  example: '/rollout restart deploy/web',
  flags: [
    NAMESPACE_FLAG,
    { key: 'toRevision', names: ['--to-revision'], value: 'N', description: 'undo only: the revision to go back to' },
  ],
  build(args, context) {
    const [word, ...afterAction] = args.positionals;
    if (word === undefined) throw new InvalidCommand(`missing the action: ${ROLLOUT_ACTIONS.join(', ')}`);
    const action = oneOf(word, ROLLOUT_ACTIONS, 'the action');
    const { kind, name, rest } = takeTarget(afterAction);
    atMost(rest, 0);
    if (!ROLLOUT_KINDS.includes(kind)) throw new InvalidCommand(`rollouts are of deployments, statefulsets and daemonsets, not "${kind}"`);
    const toRevision = args.value('toRevision');
    if (toRevision !== undefined && action !== 'undo') throw new InvalidCommand('--to-revision goes with undo only');
    return toolCall(ROLLOUT_READS.includes(action) ? 'k8s_rollout_status' : 'k8s_rollout', {
      action,
      kind,
      name,
      namespace: currentNamespace(args, context),
      toRevision: toRevision && wholeNumber(toRevision, '--to-revision'),
    });
  },
};

const deleteCommand: CommandSpec = {
  name: 'delete',
  usage: '<kind>/<name> | <kind> <name> [-n ns]',
  summary: 'Delete one object (shows what goes with it and asks for approval).',
  example: '/delete pod/web-7d9f-abcde -n shop',
  flags: [NAMESPACE_FLAG],
  build(args, context) {
    const { kind, name, rest } = takeTarget(args.positionals);
    atMost(rest, 0);
    return toolCall('k8s_delete', { kind, name, namespace: objectNamespace(args, context, kind) });
  },
};

export const k8sWriteCommands = [scale, rollout, deleteCommand];
