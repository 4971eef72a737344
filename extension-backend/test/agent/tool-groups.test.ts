import type { ChatContext } from '@drover/protocol';
import { offerTools } from '../../src/agent/tool-groups';
import type { ChatMessage } from '../../src/llm/types';
import type { RoutedTool, ServerSpec } from '../../src/mcp/tool-router';

const DROVER: ServerSpec = { prefix: '', label: "Drover's MCP server", url: 'http://127.0.0.1:1/mcp', token: 't', isDrover: true };
const EXTRA: ServerSpec = { prefix: 'ext', label: 'MCP server ext', url: 'http://127.0.0.1:2/mcp', token: '', isDrover: false };

const tool = (name: string, server = DROVER): RoutedTool => ({
  name,
  description: `${name} does its job`,
  inputSchema: { type: 'object', properties: { namespace: { type: 'string' } } },
  readOnly: !/scale|apply|patch|rollout$|delete|exec|install|upgrade|rollback/.test(name),
  plans: server.isDrover,
  server,
  remoteName: server.prefix ? name.slice(server.prefix.length + 1) : name,
});

const CORE = ['k8s_get', 'k8s_describe', 'k8s_logs', 'k8s_events', 'k8s_diagnose'];
const HELM = ['helm_list', 'helm_status', 'helm_history', 'helm_get', 'helm_install', 'helm_upgrade', 'helm_rollback', 'helm_uninstall'];
const CHANGES = ['k8s_scale', 'k8s_apply', 'k8s_patch', 'k8s_rollout', 'k8s_rollout_status', 'k8s_delete'];
/** Every tool of a Rancher-mode server with every option on, the tools being added now included, and another server's. */
const ALL = [
  ...CORE,
  'k8s_top',
  ...CHANGES,
  'k8s_exec',
  'k8s_api_resources',
  'k8s_explain',
  'k8s_auth_can_i',
  ...HELM,
  'rancher_clusters',
  'rancher_projects',
].map((name) => tool(name));
const TOOLBOX = [...ALL, tool('ext_echo', EXTRA)];
const SYSTEM = 'You are Drover.';

/** The UI shows a cluster (in Rancher mode it may show none: see the last test). */
const IN_VIEW: ChatContext = { cluster: 'local' };

const user = (content: string): ChatMessage => ({ role: 'user', content });
const offeredFor = (conversation: ChatMessage[], context: ChatContext = IN_VIEW) => offerTools(SYSTEM, TOOLBOX, conversation, context);
const namesFor = (text: string, context: ChatContext = IN_VIEW) => offeredFor([user(text)], context).tools.map((t) => t.name);

describe('offerTools', () => {
  it('always offers the core reads and tools in no group (another server’s), and holds the rest back for an unrelated question', () => {
    const names = namesFor('hello');
    expect(names).toEqual([...CORE, 'ext_echo']);
  });

  it('names every tool it holds back in the system prompt, after the prompt itself', () => {
    const { system, tools } = offeredFor([user('why is my pod crash-looping?')]);
    const heldBack = TOOLBOX.map((t) => t.name).filter((name) => !tools.some((t) => t.name === name));
    expect(heldBack).toEqual(expect.arrayContaining([...HELM, 'k8s_scale', 'k8s_top', 'rancher_projects']));
    expect(system.startsWith(`${SYSTEM}\n\n`)).toBe(true);
    expect(system).toContain(`held back until needed: ${heldBack.join(', ')}.`);
  });

  it('says an argument every offered tool shares once in the system prompt, not in each schema (Rancher mode: cluster)', () => {
    const cluster = { type: 'string', description: 'Rancher cluster id; default: the one in view' };
    const withCluster = TOOLBOX.map((t) => ({
      ...t,
      inputSchema: { type: 'object', properties: { ...(t.inputSchema.properties as object), cluster } },
    }));
    const { system, tools } = offerTools(SYSTEM, withCluster, [user('why is my pod crash-looping?')], IN_VIEW);
    expect(system).toContain(`Arguments many tools share:\n- cluster: ${cluster.description}`);
    for (const t of tools) expect((t.parameters.properties as Record<string, unknown>).cluster).toEqual({ type: 'string' });
  });

  it('leaves the system prompt alone when nothing is held back', () => {
    const everything = offeredFor([user('helm release rollback, scale, exec a shell, cpu usage, explain fields, can I, rancher projects')]);
    expect(everything.tools.map((t) => t.name)).toEqual(TOOLBOX.map((t) => t.name));
    expect(everything.system).toBe(SYSTEM);
  });

  it('keeps each tool’s definition as the router built it', () => {
    const [get] = offeredFor([user('hi')]).tools;
    expect(get).toEqual({ name: 'k8s_get', description: 'k8s_get does its job', parameters: ALL[0].inputSchema });
  });

  it.each<[string, string[], string[]]>([
    ['why are my pods crash-looping in shop?', CORE, [...HELM, ...CHANGES, 'k8s_top', 'k8s_exec', 'k8s_auth_can_i']],
    ['show me the logs of api', CORE, [...HELM, ...CHANGES]],
    ['scale web to 3 replicas', ['k8s_scale', 'k8s_patch', 'k8s_rollout'], HELM],
    ['restart the api deployment', ['k8s_rollout', 'k8s_rollout_status'], HELM],
    ['the helm release shop failed to upgrade', HELM, ['k8s_top', 'k8s_exec']],
    ['roll back the last change', ['helm_rollback', 'k8s_rollout'], ['k8s_top']],
    ['can I delete pods in shop?', ['k8s_auth_can_i', 'k8s_delete'], HELM],
    ['who can read secrets here? check RBAC', ['k8s_auth_can_i'], HELM],
    ['which pods use the most memory?', ['k8s_top'], HELM],
    ['what does spec.strategy mean on a Deployment? explain it', ['k8s_explain', 'k8s_api_resources'], HELM],
    ['which CRDs are installed?', ['k8s_api_resources'], ['k8s_top']],
    ['run nslookup inside the api pod', ['k8s_exec'], HELM],
    ['list my Rancher projects', ['rancher_projects', 'rancher_clusters'], HELM],
    ['why can’t frontend reach backend? is there a network policy?', CORE, [...HELM, ...CHANGES, 'k8s_exec']],
  ])('picks the groups for: %s', (question, offered, notOffered) => {
    const names = namesFor(question);
    expect(names).toEqual(expect.arrayContaining([...CORE, ...offered]));
    for (const name of notOffered) expect(names).not.toContain(name);
  });

  it('offers the helm tools when the user looks at a Helm release, whatever the words', () => {
    const context: ChatContext = { ...IN_VIEW, resources: [{ kind: 'HelmRelease', name: 'shop', namespace: 'shop' }] };
    expect(namesFor('why is this failing?', context)).toEqual(expect.arrayContaining(HELM));
    expect(namesFor('why is this failing?')).not.toContain('helm_status');
  });

  it('offers k8s_top for a node and k8s_auth_can_i for a role binding', () => {
    expect(namesFor('what is wrong?', { ...IN_VIEW, resources: [{ kind: 'Node', name: 'node-1' }] })).toContain('k8s_top');
    expect(namesFor('what is wrong?', { ...IN_VIEW, resources: [{ kind: 'RoleBinding', name: 'b', namespace: 'shop' }] })).toContain(
      'k8s_auth_can_i',
    );
  });

  it('keeps a group offered for the rest of the session once a question made it relevant', () => {
    const conversation: ChatMessage[] = [
      user('is the helm release shop healthy?'),
      { role: 'assistant', content: 'It is deployed.' },
      user('and what about its pods?'),
    ];
    expect(offeredFor(conversation).tools.map((t) => t.name)).toEqual(expect.arrayContaining(HELM));
  });

  it('offers the group of a tool the model already called, even one that was held back', () => {
    const called: ChatMessage[] = [
      user('what is deployed in shop?'),
      { role: 'assistant', content: '', toolCalls: [{ id: '1', name: 'helm_list', arguments: { namespace: 'shop' } }] },
      { role: 'tool', toolCallId: '1', toolName: 'helm_list', content: 'shop  deployed' },
    ];
    expect(namesFor('what is deployed in shop?')).not.toContain('helm_list');
    expect(offeredFor(called).tools.map((t) => t.name)).toEqual(expect.arrayContaining(HELM));
  });

  it('does not take tool results, which quote the cluster, as words of the conversation', () => {
    const conversation: ChatMessage[] = [
      user('what is wrong in shop?'),
      { role: 'assistant', content: '', toolCalls: [{ id: '1', name: 'k8s_logs', arguments: { name: 'web' } }] },
      { role: 'tool', toolCallId: '1', toolName: 'k8s_logs', content: 'forbidden: helm upgrade failed, cpu throttled, scale' },
    ];
    expect(offeredFor(conversation).tools.map((t) => t.name)).toEqual([...CORE, 'ext_echo']);
  });

  it('offers what the model proposed, so that "do it" finds the tools', () => {
    const conversation: ChatMessage[] = [
      user('what is wrong in shop?'),
      { role: 'assistant', content: 'web has too few replicas for its load; I can scale it to 3.' },
      user('do it'),
    ];
    expect(offeredFor(conversation).tools.map((t) => t.name)).toContain('k8s_scale');
  });

  it('offers the Rancher tools when the UI shows no cluster, since every call must then name one', () => {
    expect(namesFor('why is web failing?', {})).toEqual(expect.arrayContaining(['rancher_clusters', 'rancher_projects']));
    expect(namesFor('why is web failing?', { namespace: 'shop' })).toContain('rancher_clusters');
    expect(namesFor('why is web failing?')).not.toContain('rancher_clusters');
  });
});
