// Direct commands that look at the cluster as a whole: diagnose, top, explain, api-resources.
import { oneOf } from './args';
import { canonicalKind } from './kinds';
import { ALL_NAMESPACES_FLAG, chosenNamespace, NAMESPACE_FLAG, SELECTOR_FLAG } from './scope';
import { InvalidCommand, toolCall, type CommandSpec } from './types';

const diagnose: CommandSpec = {
  name: 'diagnose',
  usage: '[namespace] [-n ns] | -A',
  summary: 'Find what is wrong (crash loops, image pulls, unready pods, services without endpoints…) with evidence and likely fixes.',
  example: '/diagnose shop',
  flags: [NAMESPACE_FLAG, ALL_NAMESPACES_FLAG],
  build(args, context) {
    const [named] = args.upTo(1);
    if (named !== undefined && args.has('namespace')) throw new InvalidCommand('give the namespace once');
    if (args.has('allNamespaces')) {
      if (named !== undefined || args.has('namespace')) throw new InvalidCommand('give either a namespace or -A, not both');
      return toolCall('k8s_diagnose', {});
    }
    // Without a namespace in view, the whole cluster is checked: a diagnosis has no "default" namespace.
    return toolCall('k8s_diagnose', { namespace: named ?? args.value('namespace') ?? context?.namespace });
  },
};

const top: CommandSpec = {
  name: 'top',
  usage: 'pods|nodes [name] [-n ns | -A] [-l selector] [--sort-by cpu|memory] [--containers]',
  summary: 'CPU and memory use of pods or nodes.',
  example: '/top pods -n shop --sort-by memory',
  flags: [
    NAMESPACE_FLAG,
    ALL_NAMESPACES_FLAG,
    SELECTOR_FLAG,
    { key: 'sortBy', names: ['--sort-by'], value: 'cpu|memory', description: 'heaviest first' },
    { key: 'containers', names: ['--containers'], description: 'per container (pods only)' },
  ],
  build(args, context) {
    const [what, name] = args.upTo(2);
    if (what === undefined) throw new InvalidCommand('missing what to show: pods or nodes');
    const kind = canonicalKind(what);
    if (kind !== 'pod' && kind !== 'node') throw new InvalidCommand(`/top shows pods or nodes, not "${what}"`);
    if (kind === 'node' && (args.has('namespace') || args.has('allNamespaces')))
      throw new InvalidCommand('nodes have no namespace: drop -n or -A');
    if (kind === 'node' && args.has('containers')) throw new InvalidCommand('--containers is for pods only');
    if (name !== undefined && args.has('allNamespaces')) throw new InvalidCommand('a pod is shown by name from one namespace: drop -A');
    const sortBy = args.value('sortBy');
    return toolCall('k8s_top', {
      what: `${kind}s`,
      name,
      namespace: kind === 'pod' ? chosenNamespace(args, context) : undefined,
      labelSelector: args.value('selector'),
      containers: args.switchOn('containers'),
      sortBy: sortBy && oneOf(sortBy, ['cpu', 'memory'], '--sort-by'),
    });
  },
};

const explain: CommandSpec = {
  name: 'explain',
  usage: '<kind>[.field.path] | <kind> <field.path> [--recursive]',
  summary:
    "What a kind or field means, from the cluster's own schema (for a CRD, give the field apart: certificates.cert-manager.io spec).",
  example: '/explain deploy.spec.strategy',
  flags: [{ key: 'recursive', names: ['--recursive'], description: 'every nested field (names and types only)' }],
  build(args) {
    const [first, second] = args.upTo(2);
    // kubectl's own form: the first segment is the kind, the rest the field path.
    const [kind, ...path] = second === undefined ? (first?.split('.') ?? []) : [first, second];
    if (!kind) throw new InvalidCommand('missing <kind>');
    return toolCall('k8s_explain', {
      kind: canonicalKind(kind),
      field: path.join('.') || undefined,
      recursive: args.switchOn('recursive'),
    });
  },
};

const apiResources: CommandSpec = {
  name: 'api-resources',
  usage: '[search] [--api-group group] [--namespaced true|false] [--verbs verb] [-o wide]',
  summary: 'The resource types the cluster serves, CRDs included.',
  example: '/api-resources --api-group apps',
  flags: [
    { key: 'group', names: ['--api-group'], value: 'group', description: 'only this API group, e.g. apps, or core' },
    {
      key: 'namespaced',
      names: ['--namespaced'],
      value: 'true|false',
      description: 'only namespaced (true) or cluster-wide (false) types',
    },
    { key: 'verb', names: ['--verbs'], value: 'verb', description: 'only types that support this verb, e.g. list' },
    { key: 'output', names: ['-o', '--output'], value: 'wide', description: 'also show verbs and categories' },
  ],
  build(args) {
    const [search] = args.upTo(1);
    const namespaced = args.value('namespaced');
    const output = args.value('output');
    return toolCall('k8s_api_resources', {
      search,
      group: args.value('group'),
      verb: args.value('verb'),
      namespaced: namespaced === undefined ? undefined : oneOf(namespaced, ['true', 'false'], '--namespaced') === 'true',
      wide: output === undefined ? undefined : oneOf(output, ['wide'], '-o') === 'wide',
    });
  },
};

export const k8sInspectCommands = [diagnose, top, explain, apiResources];
