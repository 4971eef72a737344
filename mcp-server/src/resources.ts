// MCP resources: k8s:// URIs for the cluster summary, the namespaces and any object, read as the caller (same
// identity, policy, redaction and audit as the tools).
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { CommandFailed, ToolError } from './errors';
import type { Identity } from './identity';
import { kindArg, nameArg, namespaceArg } from './kube/args';
import { getObject, listAll, listObjects, serverVersion } from './kube/reads';
import type { Runtime, ToolContext } from './runtime';
import { runCall, type Extra } from './tools/call-context';
import { maskText, redactObject } from './policy/redact';
import { JsonRpcError, RESOURCE_NOT_FOUND } from './protocol-guard';

/* eslint-disable @typescript-eslint/no-explicit-any */

const PHASES = ['Running', 'Pending', 'Failed', 'Succeeded', 'Unknown'];

const COUNT_MAX = 10_000;

/** How many objects the caller can see (pages through the list; field-selected lists carry no total). */
async function countOf(ctx: ToolContext, kind: string, fieldSelector?: string): Promise<string | undefined> {
  try {
    const { items, complete } = await listAll(ctx, await ctx.rt.discovery.resolve(ctx, kind), { fieldSelector, maxItems: COUNT_MAX });
    return complete ? String(items.length) : `${items.length}+`;
  } catch (err) {
    if (err instanceof CommandFailed) return undefined;
    throw err;
  }
}

async function clusterSummary(ctx: ToolContext): Promise<string> {
  const [version, nodes, namespaces, ...pods] = await Promise.all([
    serverVersion(ctx),
    listObjects(ctx, await ctx.rt.discovery.resolve(ctx, 'nodes')).catch((err) => {
      if (err instanceof CommandFailed) return undefined;
      throw err;
    }),
    countOf(ctx, 'namespaces'),
    ...PHASES.map((phase) => countOf(ctx, 'pods', `status.phase=${phase}`)),
  ]);
  const nodeItems: any[] = nodes?.items ?? [];
  const ready = nodeItems.filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
  const podLine = pods.every((p) => p === undefined)
    ? 'not visible to you'
    : PHASES.map((phase, i) => `${pods[i] ?? '?'} ${phase}`).join(', ');
  return [
    `Cluster ${ctx.cluster} — Kubernetes ${version.gitVersion ?? 'unknown'}`,
    `Nodes: ${nodes ? `${nodeItems.length} (${ready} Ready)` : 'not visible to you'}`,
    `Namespaces: ${namespaces ?? 'not visible to you'}`,
    `Pods: ${podLine}`,
  ].join('\n');
}

function parseVar<T>(schema: z.ZodType<T>, value: string | string[] | undefined, what: string): T {
  const result = schema.safeParse(Array.isArray(value) ? value[0] : value);
  if (!result.success) throw new ToolError(`invalid ${what} in the resource URI`);
  return result.data;
}

async function objectYaml(ctx: ToolContext, kind: string, name: string, namespace?: string): Promise<string> {
  const obj = await getObject(ctx, await ctx.rt.discovery.resolve(ctx, kind), name, namespace ?? 'default');
  return maskText(stringify(redactObject(obj), { lineWidth: 0 }));
}

const CLUSTER_URI = 'k8s://cluster';
const NAMESPACES_URI = 'k8s://namespaces';
const NAMESPACED_OBJECT = new ResourceTemplate('k8s://namespaces/{namespace}/{kind}/{name}', { list: undefined });
const CLUSTER_OBJECT = new ResourceTemplate('k8s://cluster/{kind}/{name}', { list: undefined });

/** Whether a URI names one of the resources below, matched as the SDK matches them: the fixed URIs, then the templates. */
export function servesResource(uri: URL): boolean {
  const href = uri.toString();
  return href === CLUSTER_URI || href === NAMESPACES_URI || [NAMESPACED_OBJECT, CLUSTER_OBJECT].some((t) => t.uriTemplate.match(href));
}

export function registerResources(server: McpServer, rt: Runtime, fixedIdentity?: Identity): void {
  const read = async (uri: URL, name: string, extra: Extra, mimeType: string, body: (ctx: ToolContext) => Promise<string>) => {
    const outcome = await runCall(rt, `resource:${name}`, 'read', extra, fixedIdentity, body);
    if (outcome.ok) return { contents: [{ uri: uri.href, mimeType, text: outcome.value }] };
    // Whatever the cluster or the policy answers (no such object or kind, not yours to read), the caller cannot
    // have this resource: -32002 with the reason. Only a bug of ours is an internal error.
    if (outcome.internal) throw new JsonRpcError(ErrorCode.InternalError, outcome.message);
    throw new JsonRpcError(RESOURCE_NOT_FOUND, `cannot read ${uri.href}: ${outcome.message}`, { uri: uri.href });
  };
  server.registerResource(
    'cluster',
    CLUSTER_URI,
    {
      title: 'Cluster summary',
      description: 'Kubernetes version, nodes, namespaces and pods by phase',
      mimeType: 'text/plain',
    },
    (uri, extra) => read(uri, 'cluster', extra, 'text/plain', clusterSummary),
  );
  server.registerResource(
    'namespaces',
    NAMESPACES_URI,
    {
      title: 'Namespaces',
      description: 'The namespaces you can see',
      mimeType: 'text/plain',
    },
    (uri, extra) =>
      read(uri, 'namespaces', extra, 'text/plain', async (ctx) => {
        const list = await listObjects(ctx, await ctx.rt.discovery.resolve(ctx, 'namespaces'));
        return list.items.map((n: any) => `${n.metadata.name} (${n.status?.phase ?? 'Unknown'})`).join('\n');
      }),
  );
  server.registerResource(
    'namespaced-object',
    NAMESPACED_OBJECT,
    {
      title: 'A namespaced object',
      description: 'One object as YAML (secrets redacted)',
      mimeType: 'application/yaml',
    },
    (uri, vars, extra) =>
      read(uri, 'object', extra, 'application/yaml', async (ctx) =>
        objectYaml(
          ctx,
          parseVar(kindArg, vars.kind, 'kind'),
          parseVar(nameArg, vars.name, 'name'),
          parseVar(namespaceArg, vars.namespace, 'namespace'),
        ),
      ),
  );
  server.registerResource(
    'cluster-object',
    CLUSTER_OBJECT,
    {
      title: 'A cluster-scoped object',
      description: 'One cluster-scoped object (node, namespace, CRD…) as YAML',
      mimeType: 'application/yaml',
    },
    (uri, vars, extra) =>
      read(uri, 'object', extra, 'application/yaml', async (ctx) =>
        objectYaml(ctx, parseVar(kindArg, vars.kind, 'kind'), parseVar(nameArg, vars.name, 'name')),
      ),
  );
}
