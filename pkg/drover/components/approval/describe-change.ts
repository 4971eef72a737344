// What a write will do, in words, from the tool and its arguments (the input schemas of mcp-server/src/tools/k8s and
// tools/helm): "Scale deployment web to 5 replicas". Arguments come from the model, so each one is checked before
// use; a tool this does not know, or arguments it cannot read, get the generic "Run <tool>".
import type { Translate } from '../../host/types';

type Args = Record<string, unknown>;

const KEY = 'drover.approval.describe';
/** How many objects of a manifest the heading names before it says "and N more". */
const NAMED_OBJECTS = 3;
const MAX_COMMAND_CHARS = 60;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

export interface ManifestObject {
  kind?: string;
  name?: string;
}

const unquote = (value: string): string => value.trim().replace(/^(['"])(.*)\1$/, '$2');

/** `metadata.name` of a YAML document: the `name:` key at the first indentation under `metadata:`, or in its flow form. */
function metadataName(lines: string[]): string | undefined {
  const meta = lines.findIndex((l) => /^metadata:/.test(l));

  if (meta < 0) return undefined;
  const flow = /^metadata:\s*\{.*?\bname:\s*([^,}\s]+)/.exec(lines[meta]);

  if (flow) return flow[1];
  let indent: string | undefined;

  for (const line of lines.slice(meta + 1)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const lead = /^(\s+)/.exec(line)?.[1];

    if (!lead) return undefined; // the next top-level key: metadata has ended
    indent ??= lead;
    const match = lead === indent ? /^\s+name:\s*(\S.*?)\s*(#.*)?$/.exec(line) : null;

    if (match) return match[1];
  }

  return undefined;
}

function yamlObject(doc: string): ManifestObject | undefined {
  const lines = doc.split('\n');
  const kind = lines.map((l) => /^kind:\s*(\S.*?)\s*(#.*)?$/.exec(l)).find(Boolean)?.[1];
  const name = metadataName(lines);

  if (!kind && !name) return undefined;

  return { kind: kind && unquote(kind), name: name && unquote(name) };
}

function jsonObjects(value: unknown): ManifestObject[] {
  if (Array.isArray(value)) return value.flatMap(jsonObjects);
  if (!value || typeof value !== 'object') return [];
  const obj = value as { kind?: unknown; metadata?: { name?: unknown }; items?: unknown };

  if (Array.isArray(obj.items) && str(obj.kind)?.endsWith('List')) return jsonObjects(obj.items);

  return [{ kind: str(obj.kind), name: str(obj.metadata?.name) }];
}

/** The objects of a k8s_apply manifest (YAML documents or JSON), as far as their kind and name can be read. */
export function manifestObjects(manifest: string): ManifestObject[] {
  const text = manifest.trim();

  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return jsonObjects(JSON.parse(text));
    } catch {
      return [];
    }
  }

  return text.replace(/\r\n/g, '\n').split(/^---(?:[ \t].*)?$/m).flatMap((doc) => yamlObject(doc) ?? []);
}

/** An exec's argument list as a shell would show it, cut when long. */
export function commandLine(argv: readonly string[]): string {
  const line = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${ a.replace(/'/g, `'\\''`) }'`)).join(' ');

  return line.length > MAX_COMMAND_CHARS ? `${ line.slice(0, MAX_COMMAND_CHARS - 1) }…` : line;
}

function describeApply(args: Args, t: Translate): string | undefined {
  const manifest = str(args.manifest);

  if (!manifest) return undefined;
  const objects = manifestObjects(manifest);
  const label = (o: ManifestObject) => [o.kind, o.name].filter(Boolean).join(' ');

  if (objects.length === 1 && objects[0].kind && objects[0].name) return t(`${ KEY }.applyOne`, { kind: objects[0].kind, name: objects[0].name });
  if (objects.length < 2) return t(`${ KEY }.applyManifest`);
  const named = objects.slice(0, NAMED_OBJECTS).map(label).join(', ');
  const more = objects.length - NAMED_OBJECTS;
  const list = more > 0 ? t(`${ KEY }.andMore`, { objects: named, more }) : named;

  return t(`${ KEY }.applyMany`, { count: objects.length, objects: list });
}

function describeRollout(args: Args, t: Translate): string | undefined {
  const kind = str(args.kind) ?? 'deployment';
  const name = str(args.name);

  if (!name) return undefined;
  switch (args.action) {
  case 'restart': return t(`${ KEY }.restart`, { kind, name });
  case 'pause': return t(`${ KEY }.pause`, { kind, name });
  case 'resume': return t(`${ KEY }.resume`, { kind, name });
  case 'undo': {
    const revision = int(args.toRevision);

    return revision !== undefined ? t(`${ KEY }.undoTo`, {
      kind, name, revision
    }) : t(`${ KEY }.undo`, { kind, name });
  }
  default: return undefined;
  }
}

function describeHelm(tool: string, args: Args, t: Translate): string | undefined {
  const release = str(args.release);

  if (!release) return undefined;
  const chart = str(args.chart);
  const version = str(args.version);

  switch (tool) {
  case 'helm_install':
    if (!chart) return undefined;

    return version ? t(`${ KEY }.helmInstallVersion`, {
      release, chart, version
    }) : t(`${ KEY }.helmInstall`, { release, chart });
  case 'helm_upgrade':
    if (!chart) return undefined;

    return version ? t(`${ KEY }.helmUpgradeVersion`, {
      release, chart, version
    }) : t(`${ KEY }.helmUpgrade`, { release, chart });
  case 'helm_rollback': {
    const revision = int(args.revision);

    return revision !== undefined ? t(`${ KEY }.helmRollback`, { release, revision }) : undefined;
  }
  case 'helm_uninstall':
    return t(args.keepHistory === true ? `${ KEY }.helmUninstallKeep` : `${ KEY }.helmUninstall`, { release });
  default:
    return undefined;
  }
}

function describeKnown(tool: string, args: Args, t: Translate): string | undefined {
  const kind = str(args.kind);
  const name = str(args.name);

  switch (tool) {
  case 'k8s_scale': {
    const replicas = int(args.replicas);

    return name && replicas !== undefined ? t(`${ KEY }.scale`, {
      kind: kind ?? 'deployment', name, replicas
    }) : undefined;
  }
  case 'k8s_delete':
    return kind && name ? t(`${ KEY }.delete`, { kind, name }) : undefined;
  case 'k8s_patch':
    return kind && name ? t(`${ KEY }.patch`, { kind, name }) : undefined;
  case 'k8s_apply':
    return describeApply(args, t);
  case 'k8s_rollout':
    return describeRollout(args, t);
  case 'k8s_exec': {
    const pod = str(args.pod);
    const argv = Array.isArray(args.command) && args.command.every((a) => typeof a === 'string') ? args.command as string[] : undefined;

    if (!pod || !argv?.length) return undefined;
    const container = str(args.container);
    const command = commandLine(argv);

    return container ? t(`${ KEY }.execContainer`, {
      command, container, pod
    }) : t(`${ KEY }.exec`, { command, pod });
  }
  default:
    return tool.startsWith('helm_') ? describeHelm(tool, args, t) : undefined;
  }
}

/** The approval card's heading: what will happen, in words. */
export function describeChange(tool: string, args: Args | undefined, t: Translate): string {
  return describeKnown(tool, args ?? {}, t) ?? t(`${ KEY }.generic`, { tool });
}
