// Manifests for k8s_apply: YAML or JSON text with one or more documents, checked object by object before any of it
// reaches kubectl. Every object must be a mapping with a kind the cluster serves (or a CustomResourceDefinition of the
// same manifest defines), a valid name and, for namespaced kinds, a valid namespace; Lists, generated names and
// oversized input are refused with a reason. Namespaces and CRDs come first, whatever the order of the documents.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ToolError } from '../errors';
import type { KubeAction, Verb } from '../policy/engine';
import type { ToolContext } from '../runtime';
import { LABEL_RULE, NAME_RULE, nameArg, namespaceArg } from './args';
import type { ApiResource } from './discovery';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const MAX_MANIFEST_BYTES = 256 * 1024;
const MAX_OBJECTS = 50;

/** Bookkeeping a copied `kubectl get -o yaml` carries; server-side apply refuses managedFields and would treat a
 *  stale resourceVersion as a conflict, so these are dropped (status is never applied). */
const BOOKKEEPING = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

export interface ManifestObject {
  resource: ApiResource;
  /** The object as it will be sent: namespace filled in, bookkeeping removed. */
  obj: any;
  name: string;
  namespace?: string;
  /** "Deployment web", for messages. */
  label: string;
  /** The kind is defined by a CustomResourceDefinition of this manifest and not served by the cluster yet. */
  newKind: boolean;
}

export const isNamespace = (o: ManifestObject) => o.resource.kind === 'Namespace' && o.resource.group === '';
export const isCrd = (o: ManifestObject) => o.resource.kind === 'CustomResourceDefinition' && o.resource.group === 'apiextensions.k8s.io';
/** What other objects may need to exist first: Namespaces and CRDs. */
export const isDefinition = (o: ManifestObject) => isNamespace(o) || isCrd(o);

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`);
const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 80);

/** The documents of a manifest as plain values; empty documents are skipped. */
export function parseManifest(text: string): any[] {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) {
    throw new ToolError(`the manifest is larger than ${MAX_MANIFEST_BYTES / 1024} KiB; apply it in smaller parts`);
  }
  // YAML 1.1, as kubectl reads it: 0644 is octal and yes/no are booleans.
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true });
  const values: any[] = [];
  for (const [i, doc] of docs.entries()) {
    const error = doc.errors[0];
    if (error) throw new ToolError(`document ${i + 1} is not valid YAML: ${error.message.split('\n')[0]}`);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw new ToolError(`document ${i + 1} cannot be read: ${(err as Error).message.split('\n')[0]}`);
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ToolError(`document ${i + 1} is ${typeOf(value)}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
    }
    values.push(value);
  }
  if (!values.length) throw new ToolError('the manifest holds no objects');
  if (values.length > MAX_OBJECTS) throw new ToolError(`the manifest holds ${values.length} objects; apply at most ${MAX_OBJECTS} at once`);
  return values;
}

function checkShape(doc: any, where: string): { group: string; kind: string; name: string } {
  const { apiVersion, kind, metadata } = doc;
  if (typeof apiVersion !== 'string' || !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9][a-z0-9]*$/.test(apiVersion)) {
    throw new ToolError(`${where} needs an apiVersion such as v1 or apps/v1 (got ${shown(apiVersion)})`);
  }
  if (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind))
    throw new ToolError(`${where} needs a kind such as Deployment (got ${shown(kind)})`);
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(doc.items))) {
    throw new ToolError(`${where} is a ${kind}; give its items as separate documents (separated by ---)`);
  }
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw new ToolError(`${where} (${kind}) has no metadata`);
  if (metadata.name === undefined)
    throw new ToolError(`${where} (${kind}) needs metadata.name (server-side apply cannot use generateName)`);
  if (!nameArg.safeParse(metadata.name).success) {
    throw new ToolError(`${where} (${kind}): metadata.name ${shown(metadata.name)} ${NAME_RULE}`);
  }
  if (metadata.namespace !== undefined && !namespaceArg.safeParse(metadata.namespace).success) {
    throw new ToolError(`${where} (${kind} ${metadata.name}): metadata.namespace ${shown(metadata.namespace)} ${LABEL_RULE}`);
  }
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return { group, kind, name: metadata.name };
}

/** The kinds the manifest's CustomResourceDefinitions define (incomplete ones are left to the API server to refuse). */
function definedKinds(docs: any[]): ApiResource[] {
  return docs
    .filter((d) => d.kind === 'CustomResourceDefinition' && d.apiVersion === 'apiextensions.k8s.io/v1')
    .flatMap(({ spec }) => {
      const names = spec?.names;
      const version = spec?.versions?.find?.((v: any) => v?.storage)?.name;
      if (typeof spec?.group !== 'string' || typeof names?.kind !== 'string' || typeof names?.plural !== 'string' || !version) return [];
      return [
        {
          name: names.plural,
          shortNames: [],
          group: spec.group,
          version,
          namespaced: spec.scope === 'Namespaced',
          kind: names.kind,
          verbs: [],
          categories: [],
        },
      ];
    });
}

/** Checks every document against the cluster's kinds and returns the objects to apply, Namespaces and CRDs first. */
export async function resolveManifest(ctx: ToolContext, docs: any[], defaultNamespace: string | undefined): Promise<ManifestObject[]> {
  const resources = await ctx.rt.discovery.resources(ctx);
  const defined = definedKinds(docs);
  const seen = new Set<string>();
  const objects = docs.map((doc, i): ManifestObject => {
    const where = `document ${i + 1}`;
    const { group, kind, name } = checkShape(doc, where);
    const served = resources.find((r) => r.kind === kind && r.group === group);
    const resource = served ?? defined.find((r) => r.kind === kind && r.group === group);
    if (!resource)
      throw new ToolError(`${where}: the cluster serves no kind ${kind} in ${group ? `API group ${group}` : 'the core API group'}`);
    const obj = structuredClone(doc);
    delete obj.status;
    for (const key of BOOKKEEPING) delete obj.metadata[key];
    let namespace: string | undefined;
    if (resource.namespaced) {
      namespace = obj.metadata.namespace ?? defaultNamespace;
      if (!namespace) throw new ToolError(`${where} (${kind} ${name}) needs a namespace: set metadata.namespace or the namespace argument`);
      obj.metadata.namespace = namespace;
    } else {
      delete obj.metadata.namespace;
    }
    const key = `${group}/${kind}/${namespace ?? ''}/${name}`;
    if (seen.has(key)) throw new ToolError(`${where} repeats ${kind} ${name}; each object may appear once`);
    seen.add(key);
    return { resource, obj, name, namespace, label: `${kind} ${name}`, newKind: !served };
  });
  // Stable: the documents keep their order otherwise.
  return [...objects.filter(isDefinition), ...objects.filter((o) => !isDefinition(o))];
}

export function actionFor(o: ManifestObject, verb: Verb): KubeAction {
  return {
    verb,
    kind: o.resource.kind,
    group: o.resource.group,
    namespace: o.namespace,
    name: o.name,
    clusterScoped: !o.resource.namespaced,
  };
}

/** Writes the objects as one List into the call's private folder, for `kubectl --filename`. */
export function writeManifest(ctx: ToolContext, objects: ManifestObject[], name = 'manifest.json'): string {
  const file = join(ctx.dir, name);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => o.obj) }), { mode: 0o600 });
  return file;
}
