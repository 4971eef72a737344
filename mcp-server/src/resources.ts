// MCP resources: k8s:// URIs for the cluster summary, the namespaces and any object, read as the caller (same
// identity, policy, redaction and audit as the tools).
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { ToolError } from './errors';
import type { Identity } from './identity';
import { kindArg, nameArg, namespaceArg } from './kube/args';
import { kubectl } from './kube/invoke';
import { kubectlJson } from './kube/json';
import { rawArg } from './kube/raw';
import { resourceArg } from './kube/discovery';
import type { Runtime, ToolContext } from './runtime';
import { runCall, type Extra } from './tools/call-context';
import { maskText, redactObject } from './views/redact';

/* eslint-disable @typescript-eslint/no-explicit-any */

const PHASES = ['Running', 'Pending', 'Failed', 'Succeeded', 'Unknown'];

const COUNT_PAGE = 500;
const COUNT_MAX_PAGES = 20;

/** Counts a collection by paging (the API server reports no remaining count for field-selected lists). */
async function countOf(ctx: ToolContext, path: string, kind: string, fieldSelector?: string): Promise<string | undefined> {
  let count = 0;
  let next: string | undefined;
  for (let page = 0; page < COUNT_MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(COUNT_PAGE), ...(fieldSelector ? { fieldSelector } : {}), ...(next ? { continue: next } : {}) });
    const res = await kubectl(ctx, { argv: ['get', rawArg(ctx, path, query)], actions: [{ verb: 'list', kind, group: '', clusterScoped: true }], allowFailure: true });
    if (res.exitCode !== 0) return undefined;
    const list = JSON.parse(res.stdout);
    count += list.items?.length ?? 0;
    next = list.metadata?.continue || undefined;
    if (!next) return String(count);
  }
  return `${count}+`;
}

async function clusterSummary(ctx: ToolContext): Promise<string> {
  const [version, nodes, namespaces, ...pods] = await Promise.all([
    kubectlJson<any>(ctx, { argv: ['version', '--output=json'], actions: [{ verb: 'get', kind: 'Version', group: '', clusterScoped: true }] }),
    kubectl(ctx, { argv: ['get', 'nodes', '--output=json'], actions: [{ verb: 'list', kind: 'Node', group: '', clusterScoped: true }], allowFailure: true }),
    countOf(ctx, '/api/v1/namespaces', 'Namespace'),
    ...PHASES.map((phase) => countOf(ctx, '/api/v1/pods', 'Pod', `status.phase=${phase}`)),
  ]);
  const nodeItems: any[] = nodes.exitCode === 0 ? JSON.parse(nodes.stdout).items : [];
  const ready = nodeItems.filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
  const podLine = pods.every((p) => p === undefined) ? 'not visible to you'
    : PHASES.map((phase, i) => `${pods[i] ?? '?'} ${phase}`).join(', ');
  return [
    `Cluster ${ctx.cluster} — Kubernetes ${version.serverVersion?.gitVersion ?? 'unknown'}`,
    `Nodes: ${nodes.exitCode === 0 ? `${nodeItems.length} (${ready} Ready)` : 'not visible to you'}`,
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
  const resource = await ctx.rt.discovery.resolve(ctx, kind);
  const obj = await kubectlJson<any>(ctx, {
    argv: ['get', resourceArg(resource), name, ...(resource.namespaced ? [`--namespace=${namespace ?? 'default'}`] : []), '--output=json'],
    actions: [{ verb: 'get', kind: resource.kind, group: resource.group, namespace, name, clusterScoped: !resource.namespaced }],
  });
  return maskText(stringify(redactObject(obj), { lineWidth: 0 }));
}

export function registerResources(server: McpServer, rt: Runtime, fixedIdentity?: Identity): void {
  const read = async (uri: URL, name: string, extra: Extra, mimeType: string, body: (ctx: ToolContext) => Promise<string>) => {
    const outcome = await runCall(rt, `resource:${name}`, 'read', extra, fixedIdentity, body);
    if (!outcome.ok) throw new McpError(ErrorCode.InternalError, outcome.message);
    return { contents: [{ uri: uri.href, mimeType, text: outcome.value }] };
  };
  server.registerResource('cluster', 'k8s://cluster', {
    title: 'Cluster summary', description: 'Kubernetes version, nodes, namespaces and pods by phase', mimeType: 'text/plain',
  }, (uri, extra) => read(uri, 'cluster', extra, 'text/plain', clusterSummary));
  server.registerResource('namespaces', 'k8s://namespaces', {
    title: 'Namespaces', description: 'The namespaces you can see', mimeType: 'text/plain',
  }, (uri, extra) => read(uri, 'namespaces', extra, 'text/plain', async (ctx) => {
    const list = await kubectlJson<any>(ctx, { argv: ['get', 'namespaces', '--output=json'], actions: [{ verb: 'list', kind: 'Namespace', group: '', clusterScoped: true }] });
    return list.items.map((n: any) => `${n.metadata.name} (${n.status?.phase ?? 'Unknown'})`).join('\n');
  }));
  server.registerResource('namespaced-object', new ResourceTemplate('k8s://namespaces/{namespace}/{kind}/{name}', { list: undefined }), {
    title: 'A namespaced object', description: 'One object as YAML (secrets redacted)', mimeType: 'application/yaml',
  }, (uri, vars, extra) => read(uri, 'object', extra, 'application/yaml', async (ctx) => objectYaml(ctx,
    parseVar(kindArg, vars.kind, 'kind'), parseVar(nameArg, vars.name, 'name'), parseVar(namespaceArg, vars.namespace, 'namespace'))));
  server.registerResource('cluster-object', new ResourceTemplate('k8s://cluster/{kind}/{name}', { list: undefined }), {
    title: 'A cluster-scoped object', description: 'One cluster-scoped object (node, namespace, CRD…) as YAML', mimeType: 'application/yaml',
  }, (uri, vars, extra) => read(uri, 'object', extra, 'application/yaml', async (ctx) => objectYaml(ctx,
    parseVar(kindArg, vars.kind, 'kind'), parseVar(nameArg, vars.name, 'name'))));
}
