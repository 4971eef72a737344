import type { ChatContext } from '@drover/protocol';
import { z } from 'zod';
import { allTools } from '../../../mcp-server/src/tools';
import { isDirectCommand, parseDirectCommand } from '../../src/agent/direct-commands';

const SHOP: ChatContext = { namespace: 'shop' };

/** A command line, the context it is typed in, and the one tool call it must become. */
type Case = [line: string, context: ChatContext | undefined, tool: string, args: Record<string, unknown>];

const CALLS: Record<string, Case[]> = {
  get: [
    ['/get pods -n shop', undefined, 'k8s_get', { kind: 'pod', namespace: 'shop' }],
    ['/get pods', undefined, 'k8s_get', { kind: 'pod', namespace: 'default' }],
    ['/get pods', SHOP, 'k8s_get', { kind: 'pod', namespace: 'shop' }],
    ['/get pods -A', SHOP, 'k8s_get', { kind: 'pod' }],
    ['/get deploy/web -o yaml', SHOP, 'k8s_get', { kind: 'deployment', name: 'web', namespace: 'shop', output: 'yaml' }],
    ['/get deploy web -n=data -o=wide', SHOP, 'k8s_get', { kind: 'deployment', name: 'web', namespace: 'data', output: 'wide' }],
    ['/get nodes', SHOP, 'k8s_get', { kind: 'node' }],
    ['/get pv data-1 -o json', SHOP, 'k8s_get', { kind: 'persistentvolume', name: 'data-1', output: 'json' }],
    [
      '/get po --namespace=shop -l app=web,tier!=db --field-selector status.phase=Running',
      undefined,
      'k8s_get',
      { kind: 'pod', namespace: 'shop', labelSelector: 'app=web,tier!=db', fieldSelector: 'status.phase=Running' },
    ],
    ['/get svc --selector "app in (web,api)"', SHOP, 'k8s_get', { kind: 'service', namespace: 'shop', labelSelector: 'app in (web,api)' }],
    ['/get certificates.cert-manager.io -A', undefined, 'k8s_get', { kind: 'certificates.cert-manager.io' }],
    ['/GET Deployments --all-namespaces', undefined, 'k8s_get', { kind: 'deployment' }],
  ],
  describe: [
    ['/describe deploy/web -n shop', undefined, 'k8s_describe', { kind: 'deployment', name: 'web', namespace: 'shop' }],
    ['/describe pod web-7d9f-abcde', SHOP, 'k8s_describe', { kind: 'pod', name: 'web-7d9f-abcde', namespace: 'shop' }],
    ['/describe svc web', undefined, 'k8s_describe', { kind: 'service', name: 'web', namespace: 'default' }],
    ['/describe node worker-1', SHOP, 'k8s_describe', { kind: 'node', name: 'worker-1' }],
    ['/describe no/worker-1', SHOP, 'k8s_describe', { kind: 'node', name: 'worker-1' }],
  ],
  logs: [
    ['/logs web-7d9f-abcde', SHOP, 'k8s_logs', { name: 'web-7d9f-abcde', namespace: 'shop' }],
    ['/logs deploy/web --previous', undefined, 'k8s_logs', { kind: 'deployment', name: 'web', namespace: 'default', previous: true }],
    [
      '/logs web -c app -p --tail 50 --since 10m -n shop',
      undefined,
      'k8s_logs',
      { name: 'web', namespace: 'shop', container: 'app', previous: true, tail: 50, since: '10m' },
    ],
    [
      '/logs sts/db --grep "connection refused" --exclude healthz --timestamps --all-containers',
      SHOP,
      'k8s_logs',
      {
        kind: 'statefulset',
        name: 'db',
        namespace: 'shop',
        include: 'connection refused',
        exclude: 'healthz',
        timestamps: true,
        allContainers: true,
      },
    ],
    [
      '/logs job/migrate --tail=20 --since=1h30m',
      SHOP,
      'k8s_logs',
      { kind: 'job', name: 'migrate', namespace: 'shop', tail: 20, since: '1h30m' },
    ],
  ],
  events: [
    ['/events -n shop', undefined, 'k8s_events', { namespace: 'shop' }],
    ['/events', SHOP, 'k8s_events', { namespace: 'shop' }],
    ['/events', undefined, 'k8s_events', { namespace: 'default' }],
    ['/events -A --warnings', SHOP, 'k8s_events', { type: 'Warning' }],
    [
      '/events --for deploy/web --types warning --since 1h',
      SHOP,
      'k8s_events',
      { namespace: 'shop', kind: 'deployment', name: 'web', type: 'Warning', since: '1h' },
    ],
    ['/events --for node/worker-1 --types=Normal', SHOP, 'k8s_events', { kind: 'node', name: 'worker-1', type: 'Normal' }],
  ],
  diagnose: [
    ['/diagnose shop', undefined, 'k8s_diagnose', { namespace: 'shop' }],
    ['/diagnose -n shop', undefined, 'k8s_diagnose', { namespace: 'shop' }],
    ['/diagnose', SHOP, 'k8s_diagnose', { namespace: 'shop' }],
    ['/diagnose', undefined, 'k8s_diagnose', {}],
    ['/diagnose -A', SHOP, 'k8s_diagnose', {}],
  ],
  top: [
    ['/top pods -n shop --sort-by memory', undefined, 'k8s_top', { what: 'pods', namespace: 'shop', sortBy: 'memory' }],
    ['/top pods', undefined, 'k8s_top', { what: 'pods', namespace: 'default' }],
    ['/top nodes', SHOP, 'k8s_top', { what: 'nodes' }],
    ['/top no worker-1 --sort-by=cpu', SHOP, 'k8s_top', { what: 'nodes', name: 'worker-1', sortBy: 'cpu' }],
    ['/top po web-1 --containers', SHOP, 'k8s_top', { what: 'pods', name: 'web-1', namespace: 'shop', containers: true }],
    ['/top pods -A -l app=web --sort-by=CPU', SHOP, 'k8s_top', { what: 'pods', labelSelector: 'app=web', sortBy: 'cpu' }],
  ],
  scale: [
    ['/scale deploy/web 3', SHOP, 'k8s_scale', { kind: 'deployment', name: 'web', namespace: 'shop', replicas: 3 }],
    ['/scale sts db --replicas=0 -n data', SHOP, 'k8s_scale', { kind: 'statefulset', name: 'db', namespace: 'data', replicas: 0 }],
    ['/scale deployment/web --replicas 5', undefined, 'k8s_scale', { kind: 'deployment', name: 'web', namespace: 'default', replicas: 5 }],
    ['/scale rs web-7d9f 2', SHOP, 'k8s_scale', { kind: 'replicaset', name: 'web-7d9f', namespace: 'shop', replicas: 2 }],
  ],
  rollout: [
    [
      '/rollout restart deploy/web -n shop',
      undefined,
      'k8s_rollout',
      { action: 'restart', kind: 'deployment', name: 'web', namespace: 'shop' },
    ],
    ['/rollout status sts/db', SHOP, 'k8s_rollout_status', { action: 'status', kind: 'statefulset', name: 'db', namespace: 'shop' }],
    [
      '/rollout history ds/agent',
      undefined,
      'k8s_rollout_status',
      { action: 'history', kind: 'daemonset', name: 'agent', namespace: 'default' },
    ],
    [
      '/rollout undo deployment web --to-revision 2',
      SHOP,
      'k8s_rollout',
      { action: 'undo', kind: 'deployment', name: 'web', namespace: 'shop', toRevision: 2 },
    ],
    ['/rollout pause deploy/web', SHOP, 'k8s_rollout', { action: 'pause', kind: 'deployment', name: 'web', namespace: 'shop' }],
    ['/rollout Resume deploy/web', SHOP, 'k8s_rollout', { action: 'resume', kind: 'deployment', name: 'web', namespace: 'shop' }],
  ],
  delete: [
    ['/delete pod/web-1 -n shop', undefined, 'k8s_delete', { kind: 'pod', name: 'web-1', namespace: 'shop' }],
    ['/delete cm settings', SHOP, 'k8s_delete', { kind: 'configmap', name: 'settings', namespace: 'shop' }],
    ['/delete secret token', undefined, 'k8s_delete', { kind: 'secret', name: 'token', namespace: 'default' }],
    ['/delete ns old-shop', SHOP, 'k8s_delete', { kind: 'namespace', name: 'old-shop' }],
  ],
  helm: [
    ['/helm list', SHOP, 'helm_list', { namespace: 'shop' }],
    ['/helm list', undefined, 'helm_list', { namespace: 'default' }],
    ['/helm list -A', SHOP, 'helm_list', {}],
    ['/helm status shop -n shop', undefined, 'helm_status', { release: 'shop', namespace: 'shop' }],
    ['/helm history shop --max 5', undefined, 'helm_history', { release: 'shop', namespace: 'default', max: 5 }],
    [
      '/helm get values shop --all --revision 2',
      SHOP,
      'helm_get',
      { what: 'values', release: 'shop', namespace: 'shop', revision: 2, allValues: true },
    ],
    ['/helm get manifest shop', SHOP, 'helm_get', { what: 'manifest', release: 'shop', namespace: 'shop' }],
    ['/helm get notes shop -n web', SHOP, 'helm_get', { what: 'notes', release: 'shop', namespace: 'web' }],
    ['/helm rollback shop 2 -n shop', undefined, 'helm_rollback', { release: 'shop', namespace: 'shop', revision: 2 }],
    ['/helm uninstall shop --keep-history', SHOP, 'helm_uninstall', { release: 'shop', namespace: 'shop', keepHistory: true }],
  ],
  explain: [
    ['/explain deploy', SHOP, 'k8s_explain', { kind: 'deployment' }],
    ['/explain deploy.spec.strategy', undefined, 'k8s_explain', { kind: 'deployment', field: 'spec.strategy' }],
    [
      '/explain certificates.cert-manager.io spec.issuerRef --recursive',
      undefined,
      'k8s_explain',
      { kind: 'certificates.cert-manager.io', field: 'spec.issuerRef', recursive: true },
    ],
  ],
  'api-resources': [
    ['/api-resources', SHOP, 'k8s_api_resources', {}],
    [
      '/api-resources ingress --api-group networking.k8s.io --namespaced=true --verbs list -o wide',
      undefined,
      'k8s_api_resources',
      { search: 'ingress', group: 'networking.k8s.io', namespaced: true, verb: 'list', wide: true },
    ],
    ['/api-resources --namespaced false', undefined, 'k8s_api_resources', { namespaced: false }],
  ],
};

const ALL_CASES = Object.values(CALLS).flat();

describe.each(Object.entries(CALLS))('/%s becomes its tool call', (_command, cases) => {
  it.each(cases)('%s (context %j)', (line, context, tool, args) => {
    expect(parseDirectCommand(line, context)).toEqual({ kind: 'call', tool, arguments: args });
  });
});

describe("every produced call fits the MCP server's own input schema", () => {
  const issues = (tool: string, args: Record<string, unknown>) => {
    const found = allTools.find((t) => t.name === tool);
    if (!found) return [`the MCP server has no tool ${tool}`];
    const result = z.object(found.input).safeParse(args);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it.each(ALL_CASES)('%s', (line, context, tool) => {
    const command = parseDirectCommand(line, context);
    expect(command.kind).toBe('call');
    if (command.kind === 'call') expect(issues(tool, command.arguments)).toEqual([]);
  });

  it('and so does every example the help shows', () => {
    const help = parseDirectCommand('/help');
    const examples = [...(help.kind === 'help' ? help.text : '').matchAll(/Example: `([^`]+)`/g)]
      .map((m) => m[1])
      .filter((e) => !e.startsWith('/help'));
    expect(examples.length).toBeGreaterThanOrEqual(17);
    for (const example of examples) {
      const command = parseDirectCommand(example, SHOP);
      expect({ example, kind: command.kind }).toEqual({ example, kind: 'call' });
      if (command.kind === 'call') expect({ example, issues: issues(command.tool, command.arguments) }).toEqual({ example, issues: [] });
    }
  });
});

describe('quoting', () => {
  const include = (line: string) => {
    const command = parseDirectCommand(line, SHOP);
    return command.kind === 'call' ? command.arguments.include : command;
  };

  it('groups a double-quoted value with spaces', () => {
    expect(include('/logs web --grep "connection refused"')).toBe('connection refused');
  });

  it('groups a single-quoted value and keeps double quotes inside it', () => {
    expect(include('/logs web --grep \'say "hi"\'')).toBe('say "hi"');
  });

  it('unescapes a backslash-quote inside double quotes', () => {
    expect(include('/logs web --grep "say \\"hi\\""')).toBe('say "hi"');
  });

  it('quotes a value given with =', () => {
    expect(include('/logs web --grep="timed out"')).toBe('timed out');
  });

  it('takes a quoted word that starts with - as a value, never as a flag', () => {
    expect(include('/logs web --grep "-v"')).toBe('-v');
    expect(parseDirectCommand('/get pods "-A"', SHOP)).toEqual({
      kind: 'call',
      tool: 'k8s_get',
      arguments: { kind: 'pod', name: '-A', namespace: 'shop' },
    });
  });

  it('refuses a quote left open', () => {
    expect(parseDirectCommand('/logs web --grep "connection refused')).toEqual({
      kind: 'invalid',
      message: expect.stringMatching(/^a " quote is not closed\nUsage: `\/logs <pod \| kind\/name> /),
    });
  });
});

describe('invalid commands say what is wrong and how to use the command', () => {
  const USAGE = {
    get: 'Usage: `/get <kind>[/<name>] [name] [-n ns | -A] [-l selector] [--field-selector selector] [-o wide|yaml|json]`',
    describe: 'Usage: `/describe <kind>/<name> | <kind> <name> [-n ns]`',
    logs: 'Usage: `/logs <pod | kind/name> [-n ns] [-c container | --all-containers] [-p] [--tail N] [--since 10m] [--grep regex] [--exclude regex] [--timestamps]`',
    scale: 'Usage: `/scale <kind>/<name> <replicas> | <kind>/<name> --replicas=N [-n ns]`',
    rollout: 'Usage: `/rollout status|history|restart|undo|pause|resume <kind>/<name> [-n ns] [--to-revision N]`',
    top: 'Usage: `/top pods|nodes [name] [-n ns | -A] [-l selector] [--sort-by cpu|memory] [--containers]`',
    events: 'Usage: `/events [-n ns | -A] [--for kind/name] [--warnings | --types Warning|Normal] [--since 1h]`',
    diagnose: 'Usage: `/diagnose [namespace] [-n ns] | -A`',
    helmRollback: 'Usage: `/helm rollback <release> <revision> [-n ns]`',
    helmGet: 'Usage: `/helm get values|manifest|notes|all <release> [-n ns] [--revision N] [--all]`',
  };

  const INVALID: [line: string, message: string][] = [
    ['/get pods --kubeconfig=/etc/kubernetes/admin.conf', `unknown flag --kubeconfig\n${USAGE.get}`],
    ['/logs web -f', `unknown flag -f\n${USAGE.logs}`],
    ['/get pods -n', `flag -n needs a value (ns)\n${USAGE.get}`],
    ['/get pods -n -A', `flag -n needs a value (ns)\n${USAGE.get}`],
    ['/get pods -n= ', `flag -n needs a value (ns)\n${USAGE.get}`],
    ['/logs web --previous=true', `flag --previous takes no value\n${USAGE.logs}`],
    ['/get pods -n a --namespace b', `flag --namespace is given more than once\n${USAGE.get}`],
    ['/get pods -n shop -A', `give either -n or -A, not both\n${USAGE.get}`],
    ['/get pod web -A', `an object is shown by name from one namespace: drop -A\n${USAGE.get}`],
    ['/get', `missing <kind>\n${USAGE.get}`],
    ['/explain .spec', 'missing <kind>\nUsage: `/explain <kind>[.field.path] | <kind> <field.path> [--recursive]`'],
    ['/get pods,svc', `one kind at a time\n${USAGE.get}`],
    ['/get deploy/web extra', `unexpected argument "extra"\n${USAGE.get}`],
    ['/get pods -o name', `-o must be wide, yaml or json, got "name"\n${USAGE.get}`],
    ['/describe deploy', `missing the name of the deploy\n${USAGE.describe}`],
    ['/describe deploy/web/x', `expected <kind>/<name>, got "deploy/web/x"\n${USAGE.describe}`],
    ['/describe', `missing <kind>/<name>\n${USAGE.describe}`],
    ['/logs', `missing the pod (or <kind>/<name>)\n${USAGE.logs}`],
    ['/logs web --tail -5', `flag --tail needs a value (N)\n${USAGE.logs}`],
    ['/logs web --tail 1e3', `--tail must be a whole number, got "1e3"\n${USAGE.logs}`],
    ['/logs web --since soon', `"soon" is not a duration such as 30s, 10m or 2h\n${USAGE.logs}`],
    ['/logs web -c app --all-containers', `give either -c or --all-containers, not both\n${USAGE.logs}`],
    ['/logs web other', `unexpected argument "other"\n${USAGE.logs}`],
    ['/events --for web', `expected <kind>/<name>, got "web"\n${USAGE.events}`],
    ['/events --warnings --types Normal', `give either --warnings or --types, not both\n${USAGE.events}`],
    ['/events --types error', `--types must be Warning or Normal, got "error"\n${USAGE.events}`],
    ['/diagnose shop -A', `give either a namespace or -A, not both\n${USAGE.diagnose}`],
    ['/diagnose shop -n web', `give the namespace once\n${USAGE.diagnose}`],
    ['/top', `missing what to show: pods or nodes\n${USAGE.top}`],
    ['/top services', `/top shows pods or nodes, not "services"\n${USAGE.top}`],
    ['/top nodes -n shop', `nodes have no namespace: drop -n or -A\n${USAGE.top}`],
    ['/top nodes --containers', `--containers is for pods only\n${USAGE.top}`],
    ['/top pods --sort-by disk', `--sort-by must be cpu or memory, got "disk"\n${USAGE.top}`],
    ['/scale deploy/web', `missing the replica count\n${USAGE.scale}`],
    ['/scale deploy/web three', `the replica count must be a whole number, got "three"\n${USAGE.scale}`],
    ['/scale deploy/web 3 --replicas 4', `give the replica count once\n${USAGE.scale}`],
    ['/rollout restart pod/web', `rollouts are of deployments, statefulsets and daemonsets, not "pod"\n${USAGE.rollout}`],
    ['/rollout deploy/web', `the action must be status, history, restart, undo, pause or resume, got "deploy/web"\n${USAGE.rollout}`],
    ['/rollout', `missing the action: status, history, restart, undo, pause, resume\n${USAGE.rollout}`],
    ['/rollout status deploy/web --to-revision 2', `--to-revision goes with undo only\n${USAGE.rollout}`],
    ['/helm rollback shop', `missing the revision to return to (/helm history lists them)\n${USAGE.helmRollback}`],
    ['/helm get secrets shop', `what to get must be values, manifest, notes or all, got "secrets"\n${USAGE.helmGet}`],
    ['/helm get manifest shop --all', `--all goes with values only\n${USAGE.helmGet}`],
    ['/desc deploy/web', `unknown command /desc; did you mean /describe?\n${USAGE.describe}`],
    ['/lgos web', `unknown command /lgos; did you mean /logs?\n${USAGE.logs}`],
    ['/frobnicate now', 'unknown command /frobnicate\nType `/help` for the list of commands.'],
    ['/helm lst', 'unknown command /helm lst; did you mean /helm list?\nUsage: `/helm list [-n ns | -A]`'],
    ['/help nosuch', 'unknown command /nosuch\nType `/help` for the list of commands.'],
    ['get pods', 'a direct command starts with / and a command name\nType `/help` for the list of commands.'],
  ];

  it.each(INVALID)('%s', (line, message) => {
    expect(parseDirectCommand(line, SHOP)).toEqual({ kind: 'invalid', message });
  });

  it('lists the helm subcommands when none is given', () => {
    const command = parseDirectCommand('/helm');
    expect(command.kind).toBe('invalid');
    const message = command.kind === 'invalid' ? command.message : '';
    expect(message.split('\n')[0]).toBe('/helm needs a subcommand: list, status, history, get, rollback, uninstall');
    expect(message).toContain(USAGE.helmRollback);
  });
});

describe('recognising a direct command', () => {
  it.each([
    ['/get pods', true],
    ['  /help', true],
    ['/Help', true],
    ['get pods', false],
    ['/ get pods', false],
    ['//get', false],
    ['/1', false],
    ['why is /healthz failing?', false],
    ['/var/log is full on node-1, why?', false],
    ['/api-resources', true],
    ['/get\tpods', true],
  ])('%j → %s', (text, expected) => {
    expect(isDirectCommand(text)).toBe(expected);
  });
});

describe('/help', () => {
  const help = (line: string) => {
    const command = parseDirectCommand(line);
    expect(command.kind).toBe('help');
    return command.kind === 'help' ? command.text : '';
  };

  it('lists every command with its usage and says they work without a model', () => {
    const text = help('/help');
    expect(text).toContain('without the model');
    for (const name of [
      'get',
      'describe',
      'logs',
      'events',
      'diagnose',
      'top',
      'explain',
      'api-resources',
      'scale',
      'rollout',
      'delete',
      'helm list',
      'helm status',
      'helm history',
      'helm get',
      'helm rollback',
      'helm uninstall',
      'help',
    ]) {
      expect(text).toMatch(new RegExp(`^- \`/${name} .*\`: .* Example: \`/${name.split(' ')[0]}`, 'm'));
    }
  });

  it('shows one command with each of its flags', () => {
    const text = help('/help logs');
    expect(text).toContain('**/logs**');
    expect(text).toContain('Usage: `/logs <pod | kind/name>');
    for (const flag of [
      '-n, --namespace <ns>',
      '-c, --container <container>',
      '-p, --previous',
      '--tail <N>',
      '--since <duration>',
      '--grep <regex>',
    ]) {
      expect(text).toContain(`- \`${flag}\``);
    }
    expect(text).toContain('Example: `/logs deploy/web --previous');
  });

  it('accepts the command with its slash', () => {
    expect(help('/help /logs')).toBe(help('/help logs'));
  });

  it('shows the helm subcommands for /help helm, and one of them for /help helm rollback', () => {
    const family = help('/help helm');
    expect(family.split('\n').map((l) => l.split(' ')[1])).toEqual(['`/helm', '`/helm', '`/helm', '`/helm', '`/helm', '`/helm']);
    expect(help('/help helm rollback')).toContain('**/helm rollback**');
  });
});
