// Direct commands that read objects: get, describe, logs, events.
import { atMost, duration, oneOf, wholeNumber } from './args';
import { canonicalKind, splitSlash, takeTarget } from './kinds';
import { ALL_NAMESPACES_FLAG, chosenNamespace, currentNamespace, NAMESPACE_FLAG, objectNamespace, SELECTOR_FLAG } from './scope';
import { InvalidCommand, toolCall, type CommandSpec } from './types';

const get: CommandSpec = {
  name: 'get',
  usage: '<kind>[/<name>] [name] [-n ns | -A] [-l selector] [--field-selector selector] [-o wide|yaml|json]',
  summary: 'List the objects of a kind, or show one.',
  example: '/get pods -n shop',
  flags: [
    NAMESPACE_FLAG,
    ALL_NAMESPACES_FLAG,
    SELECTOR_FLAG,
    { key: 'fieldSelector', names: ['--field-selector'], value: 'selector', description: 'field selector, e.g. status.phase=Running' },
    {
      key: 'output',
      names: ['-o', '--output'],
      value: 'wide|yaml|json',
      description: 'more columns (wide), or whole objects as yaml or json',
    },
  ],
  build(args, context) {
    const [first] = args.positionals;
    if (first === undefined) throw new InvalidCommand('missing <kind>');
    if (first.includes(',')) throw new InvalidCommand('one kind at a time');
    const [, second] = args.upTo(first.includes('/') ? 1 : 2);
    const { kind, name } = first.includes('/') ? splitSlash(first) : { kind: canonicalKind(first), name: second };
    if (name !== undefined && args.has('allNamespaces')) throw new InvalidCommand('an object is shown by name from one namespace: drop -A');
    const output = args.value('output');
    return toolCall('k8s_get', {
      kind,
      name,
      namespace: chosenNamespace(args, context, kind),
      labelSelector: args.value('selector'),
      fieldSelector: args.value('fieldSelector'),
      output: output && oneOf(output, ['wide', 'yaml', 'json'], '-o'),
    });
  },
};

const describe: CommandSpec = {
  name: 'describe',
  usage: '<kind>/<name> | <kind> <name> [-n ns]',
  summary: 'Everything about one object: status, conditions, owners, pods and recent events.',
  example: '/describe deploy/web -n shop',
  flags: [NAMESPACE_FLAG],
  build(args, context) {
    const { kind, name, rest } = takeTarget(args.positionals);
    atMost(rest, 0);
    return toolCall('k8s_describe', { kind, name, namespace: objectNamespace(args, context, kind) });
  },
};

const logs: CommandSpec = {
  name: 'logs',
  usage:
    '<pod | kind/name> [-n ns] [-c container | --all-containers] [-p] [--tail N] [--since 10m] [--grep regex] [--exclude regex] [--timestamps]',
  summary: 'Newest log lines of a pod, or of the pods of a deployment, statefulset, daemonset, job or replicaset (never followed).',
  example: '/logs deploy/web --previous --grep "connection refused"',
  flags: [
    NAMESPACE_FLAG,
    { key: 'container', names: ['-c', '--container'], value: 'container', description: "container (default: the pod's default container)" },
    { key: 'allContainers', names: ['--all-containers'], description: 'every container of each pod' },
    { key: 'previous', names: ['-p', '--previous'], description: 'the run before the last crash' },
    { key: 'tail', names: ['--tail'], value: 'N', description: 'newest N lines per container (default 100)' },
    { key: 'since', names: ['--since'], value: 'duration', description: 'only lines newer than this, e.g. 10m or 1h' },
    {
      key: 'grep',
      names: ['--grep'],
      value: 'regex',
      description: 'only lines matching this RE2 regular expression (case-insensitive; no lookaround or backreferences)',
    },
    {
      key: 'exclude',
      names: ['--exclude'],
      value: 'regex',
      description: 'drop lines matching this RE2 regular expression (case-insensitive)',
    },
    { key: 'timestamps', names: ['--timestamps'], description: 'prefix each line with its timestamp' },
  ],
  build(args, context) {
    const [target] = args.upTo(1);
    if (target === undefined) throw new InvalidCommand('missing the pod (or <kind>/<name>)');
    if (args.has('container') && args.has('allContainers')) throw new InvalidCommand('give either -c or --all-containers, not both');
    const { kind, name } = target.includes('/') ? splitSlash(target) : { kind: undefined, name: target };
    const tail = args.value('tail');
    return toolCall('k8s_logs', {
      kind,
      name,
      namespace: currentNamespace(args, context),
      container: args.value('container'),
      allContainers: args.switchOn('allContainers'),
      previous: args.switchOn('previous'),
      since: duration(args.value('since')),
      tail: tail && wholeNumber(tail, '--tail'),
      include: args.value('grep'),
      exclude: args.value('exclude'),
      timestamps: args.switchOn('timestamps'),
    });
  },
};

const events: CommandSpec = {
  name: 'events',
  usage: '[-n ns | -A] [--for kind/name] [--warnings | --types Warning|Normal] [--since 1h]',
  summary: 'Recent events, newest first.',
  example: '/events -n shop --for deploy/web --warnings',
  flags: [
    NAMESPACE_FLAG,
    ALL_NAMESPACES_FLAG,
    { key: 'for', names: ['--for'], value: 'kind/name', description: 'only events about this object' },
    { key: 'warnings', names: ['--warnings'], description: 'only warnings' },
    { key: 'types', names: ['--types'], value: 'Warning|Normal', description: 'only events of this type' },
    { key: 'since', names: ['--since'], value: 'duration', description: 'only events seen within this long ago, e.g. 1h' },
  ],
  build(args, context) {
    args.upTo(0);
    if (args.has('warnings') && args.has('types')) throw new InvalidCommand('give either --warnings or --types, not both');
    const about = args.value('for');
    const object = about === undefined ? undefined : splitSlash(about);
    const types = args.value('types');
    return toolCall('k8s_events', {
      namespace: chosenNamespace(args, context, object?.kind),
      kind: object?.kind,
      name: object?.name,
      type: args.has('warnings') ? 'Warning' : types && oneOf(types, ['Warning', 'Normal'], '--types'),
      since: duration(args.value('since')),
    });
  },
};

export const k8sReadCommands = [get, describe, logs, events];
