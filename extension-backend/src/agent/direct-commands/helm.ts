// Direct helm commands: list, status, history, get, rollback, uninstall. A release lives in a namespace, so every
// command but `list -A` runs in one, like helm itself.
import { oneOf, wholeNumber, type Args } from './args';
import { ALL_NAMESPACES_FLAG, chosenNamespace, currentNamespace, NAMESPACE_FLAG } from './scope';
import { InvalidCommand, toolCall, type CommandSpec } from './types';

const GET_PARTS = ['values', 'manifest', 'notes', 'all'] as const;

/** The release named by the first of `count` positionals. */
function release(args: Args, count = 1): string[] {
  const words = args.upTo(count);
  if (words[0] === undefined) throw new InvalidCommand('missing <release>');
  return words;
}

function optionalNumber(args: Args, key: string, flag: string): number | undefined {
  const value = args.value(key);
  return value === undefined ? undefined : wholeNumber(value, flag);
}

const list: CommandSpec = {
  name: 'helm list',
  usage: '[-n ns | -A]',
  summary: 'Helm releases with their status, revision and chart.',
  example: '/helm list -A',
  flags: [NAMESPACE_FLAG, ALL_NAMESPACES_FLAG],
  build(args, context) {
    args.upTo(0);
    return toolCall('helm_list', { namespace: chosenNamespace(args, context) });
  },
};

const status: CommandSpec = {
  name: 'helm status',
  usage: '<release> [-n ns]',
  summary: 'Status, revision, chart and notes of a release.',
  example: '/helm status shop -n shop',
  flags: [NAMESPACE_FLAG],
  build(args, context) {
    const [name] = release(args);
    return toolCall('helm_status', { release: name, namespace: currentNamespace(args, context) });
  },
};

const history: CommandSpec = {
  name: 'helm history',
  usage: '<release> [-n ns] [--max N]',
  summary: 'Revisions of a release (what rollback can return to).',
  example: '/helm history shop',
  flags: [NAMESPACE_FLAG, { key: 'max', names: ['--max'], value: 'N', description: 'newest N revisions (default 20)' }],
  build(args, context) {
    const [name] = release(args);
    return toolCall('helm_history', {
      release: name,
      namespace: currentNamespace(args, context),
      max: optionalNumber(args, 'max', '--max'),
    });
  },
};

const get: CommandSpec = {
  name: 'helm get',
  usage: 'values|manifest|notes|all <release> [-n ns] [--revision N] [--all]',
  summary: 'Values (redacted), rendered manifest or notes of a release.',
  example: '/helm get values shop',
  flags: [
    NAMESPACE_FLAG,
    { key: 'revision', names: ['--revision'], value: 'N', description: 'that revision instead of the current one' },
    { key: 'allValues', names: ['-a', '--all'], description: 'values: include the chart defaults' },
  ],
  build(args, context) {
    const [part, name] = args.upTo(2);
    if (part === undefined) throw new InvalidCommand(`missing what to get: ${GET_PARTS.join(', ')}`);
    const what = oneOf(part, GET_PARTS, 'what to get');
    if (name === undefined) throw new InvalidCommand('missing <release>');
    if (args.has('allValues') && what !== 'values') throw new InvalidCommand('--all goes with values only');
    return toolCall('helm_get', {
      what,
      release: name,
      namespace: currentNamespace(args, context),
      revision: optionalNumber(args, 'revision', '--revision'),
      allValues: args.switchOn('allValues'),
    });
  },
};

const rollback: CommandSpec = {
  name: 'helm rollback',
  usage: '<release> <revision> [-n ns]',
  summary: 'Return a release to an earlier revision (shows the diff and asks for approval).',
  example: '/helm rollback shop 2',
  flags: [NAMESPACE_FLAG],
  build(args, context) {
    const [name, revision] = release(args, 2);
    if (revision === undefined) throw new InvalidCommand('missing the revision to return to (/helm history lists them)');
    return toolCall('helm_rollback', {
      release: name,
      namespace: currentNamespace(args, context),
      revision: wholeNumber(revision, 'the revision'),
    });
  },
};

const uninstall: CommandSpec = {
  name: 'helm uninstall',
  usage: '<release> [-n ns] [--keep-history]',
  summary: 'Remove a release and the objects it manages (lists them and asks for approval).',
  example: '/helm uninstall shop -n shop',
  flags: [NAMESPACE_FLAG, { key: 'keepHistory', names: ['--keep-history'], description: 'keep the history so a rollback can restore it' }],
  build(args, context) {
    const [name] = release(args);
    return toolCall('helm_uninstall', {
      release: name,
      namespace: currentNamespace(args, context),
      keepHistory: args.switchOn('keepHistory'),
    });
  },
};

export const helmCommands = [list, status, history, get, rollback, uninstall];
