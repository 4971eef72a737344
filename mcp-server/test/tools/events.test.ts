import { applyObjects, event, runKubectl, type EventSpec } from '../../../tests/cluster';
import { k8sEvents } from '../../src/tools/k8s/events';
import { cluster, connect, EDITOR, testConfig, textOf, VIEWER, type Connected } from '../support/harness';
import { lastCallCommands } from './audit-commands';

/* eslint-disable @typescript-eslint/no-explicit-any */

const NS = 'h1-events';
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
const pod = (name: string) => ({ kind: 'Pod', name });

/** An event with a fixed name (reruns replace it) that last happened `minutesAgo`. */
function recorded(name: string, minutesAgo: number, spec: Omit<EventSpec, 'namespace'>): object {
  return {
    ...event({ namespace: NS, ...spec }),
    metadata: { name, namespace: NS },
    firstTimestamp: at(minutesAgo + 1),
    lastTimestamp: at(minutesAgo),
  };
}

const BULK = 40;
let mcp: Connected;
const rows = (res: any) => (res.structuredContent.events as any[]).map((e) => [e.object.name, e.reason, e.count]);
const lastCommand = () => lastCallCommands(mcp, 'k8s_events').at(-1);

beforeAll(async () => {
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }]);
  await runKubectl(cluster.tools.kubectl, cluster.kubeconfigPath, ['delete', 'events', '--all', '-n', NS]);
  await applyObjects(cluster.tools.kubectl, cluster.kubeconfigPath, [
    recorded('backoff-1', 10, {
      involved: pod('h1-ev-api-1'),
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container api',
      count: 2,
    }),
    recorded('backoff-2', 2, {
      involved: pod('h1-ev-api-1'),
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container api',
      count: 3,
    }),
    recorded('pulled', 5, {
      involved: pod('h1-ev-api-2'),
      type: 'Normal',
      reason: 'Pulled',
      message: 'Successfully pulled image nginx:1.27',
    }),
    recorded('probe', 1, {
      involved: pod('h1-ev-api-1'),
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: GET /health?token=abcd1234secret returned 503',
    }),
    recorded('no-endpoints', 180, {
      involved: { kind: 'Service', name: 'h1-ev-front' },
      type: 'Warning',
      reason: 'NoEndpoints',
      message: 'Service h1-ev-front has no endpoints',
    }),
    ...Array.from({ length: BULK }, (_, i) =>
      recorded(`bulk-${i}`, 90 + i, {
        involved: pod('h1-ev-bulk'),
        type: 'Normal',
        reason: 'Pulling',
        message: `Pulling image registry.example.com/bulk/layer-${i}:latest`,
      }),
    ),
  ]);
  mcp = await connect({ identity: VIEWER, tools: [k8sEvents] });
});
afterAll(() => mcp.close());

describe('k8s_events', () => {
  it('lists a namespace newest first, folding repeats into one row with the summed count', async () => {
    const res = await mcp.call('k8s_events', { namespace: NS, limit: 500 });
    expect(res.isError).toBeFalsy();
    const view = res.structuredContent as any;
    expect(view.kind).toBe('events');
    expect(view.events).toHaveLength(BULK + 4);
    expect(rows(res).slice(0, 3)).toEqual([
      ['h1-ev-api-1', 'Unhealthy', 1],
      ['h1-ev-api-1', 'BackOff', 5],
      ['h1-ev-api-2', 'Pulled', 1],
    ]);
    expect(rows(res).at(-1)).toEqual(['h1-ev-front', 'NoEndpoints', 1]);
    expect(view.events[1]).toMatchObject({ type: 'Warning', object: { kind: 'Pod', namespace: NS, apiVersion: 'v1' } });
    expect(Date.parse(view.events[1].lastSeen)).toBeGreaterThan(Date.now() - 3 * 60_000);
    const text = textOf(res);
    expect(text).toContain(`Events (namespace ${NS}): ${BULK + 4} distinct, ${BULK + 8} occurrences, newest first`);
    expect(text).toMatch(/LAST-SEEN\s+TYPE\s+REASON\s+OBJECT\s+COUNT\s+MESSAGE/);
    expect(text).toMatch(/2m(\d+s)?\s+Warning\s+BackOff\s+pod\/h1-ev-api-1\s+5\s+Back-off restarting failed container api/);
  });

  it('filters by type on the API server', async () => {
    const res = await mcp.call('k8s_events', { namespace: NS, type: 'Warning' });
    expect(rows(res).map((r) => r[1])).toEqual(['Unhealthy', 'BackOff', 'NoEndpoints']);
    expect(lastCommand()).toBe(`GET /api/v1/namespaces/${NS}/events?fieldSelector=type%3DWarning`);
  });

  it('filters by object, resolving the kind by discovery', async () => {
    const res = await mcp.call('k8s_events', { namespace: NS, kind: 'po', name: 'h1-ev-api-1' });
    expect(rows(res)).toEqual([
      ['h1-ev-api-1', 'Unhealthy', 1],
      ['h1-ev-api-1', 'BackOff', 5],
    ]);
    expect(lastCommand()).toBe(
      `GET /api/v1/namespaces/${NS}/events?fieldSelector=involvedObject.kind%3DPod%2CinvolvedObject.name%3Dh1-ev-api-1`,
    );
    expect(textOf(res)).toContain(`Events (namespace ${NS}, about po h1-ev-api-1)`);
  });

  it('filters by age with since', async () => {
    const res = await mcp.call('k8s_events', { namespace: NS, since: '1h' });
    expect(rows(res).map((r) => r[1])).toEqual(['Unhealthy', 'BackOff', 'Pulled']);
    const none = await mcp.call('k8s_events', { namespace: NS, since: '30s' });
    expect(textOf(none)).toBe(`No events (namespace ${NS}, last 30s).`);
    expect(none.structuredContent).toEqual({ kind: 'events', events: [], truncated: false });
  });

  it('frames messages as untrusted and masks credentials in them', async () => {
    const res = await mcp.call('k8s_events', { namespace: NS, kind: 'pod', name: 'h1-ev-api-1', type: 'Warning' });
    const text = textOf(res);
    expect(text).toContain('<<<events — untrusted data from the cluster');
    expect(text).toContain('GET /health?token=<masked> returned 503');
    expect(JSON.stringify(res)).not.toContain('abcd1234secret');
  });

  it('searches all namespaces with a namespace column', async () => {
    const res = await mcp.call('k8s_events', { name: 'h1-ev-front' });
    expect(rows(res)).toEqual([['h1-ev-front', 'NoEndpoints', 1]]);
    expect(textOf(res)).toMatch(new RegExp(`NAMESPACE\\s+LAST-SEEN[^\\n]*\\n${NS}\\s+3h\\s+Warning\\s+NoEndpoints`));
    expect(lastCommand()).toBe('GET /api/v1/events?fieldSelector=involvedObject.name%3Dh1-ev-front');
  });

  it('keeps the newest rows within the limit and the budget, with a hint to narrow', async () => {
    const limited = await mcp.call('k8s_events', { namespace: NS, limit: 2 });
    expect(rows(limited)).toEqual([
      ['h1-ev-api-1', 'Unhealthy', 1],
      ['h1-ev-api-1', 'BackOff', 5],
    ]);
    expect((limited.structuredContent as any).truncated).toBe(true);
    expect(textOf(limited)).toContain(
      `[${BULK + 2} older rows not shown; narrow with type=Warning, a kind and name, a namespace or since]`,
    );

    const small = await connect({ identity: VIEWER, tools: [k8sEvents], config: testConfig({ limits: { resultTokenBudget: 300 } }) });
    try {
      const res = await small.call('k8s_events', { namespace: NS, limit: 500 });
      const view = res.structuredContent as any;
      expect(textOf(res).length).toBeLessThanOrEqual(1200);
      expect(view.truncated).toBe(true);
      expect(view.events.length).toBeGreaterThan(0);
      expect(view.events.length).toBeLessThan(10);
      expect(view.events[0].reason).toBe('Unhealthy');
      expect(textOf(res)).toContain(`[${BULK + 4 - view.events.length} older rows not shown`);
    } finally {
      await small.close();
    }
  });

  it('passes the RBAC refusal through for a user who may not list events there', async () => {
    const editor = await connect({ identity: EDITOR, tools: [k8sEvents] });
    try {
      const res = await editor.call('k8s_events', { namespace: NS });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(`User "editor" cannot list resource "events" in API group "" in the namespace "${NS}"`);
    } finally {
      await editor.close();
    }
  });
});
