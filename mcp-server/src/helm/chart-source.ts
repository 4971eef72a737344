// Where charts may come from: only the repositories and OCI registries the administrator configured. A chart is
// "<repository>/<chart>" (helm then gets --repo and --ca-file from the configuration, never from arguments) or
// "oci://<registry>/<path>" under an allowed registry prefix. URLs of any other kind, local paths and unknown
// repositories are refused with the list of what is allowed.
import { z } from 'zod';
import type { Config } from '../config';
import { PolicyDenied } from '../errors';

export const chartArg = z.string().min(1).max(300);

/** Repository and chart names. */
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** oci://host[:port]/path with OCI repository path components; tags and digests go in `version`. */
const OCI = /^oci:\/\/([a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)+)$/;

export interface ChartSource {
  /** The chart argument helm gets: a bare chart name (with --repo) or the oci:// reference. */
  ref: string;
  /** --repo and --ca-file, from the configuration. */
  flags: string[];
}

export function hasChartSources(config: Config): boolean {
  return config.helm.repositories.length > 0 || config.helm.ociRegistries.length > 0;
}

function registryPrefix(entry: string): string {
  return entry
    .replace(/^oci:\/\//, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

function allowedSources(config: Config): string {
  const repos = config.helm.repositories.map((r) => `${r.name}/<chart>`);
  const registries = config.helm.ociRegistries.map((r) => `oci://${registryPrefix(r)}/<chart>`);
  const all = [...repos, ...registries];
  return all.length ? `allowed chart sources: ${all.join(', ')}` : 'no chart sources are configured on this Drover server';
}

function refuse(config: Config, chart: string, why: string): never {
  throw new PolicyDenied(`refused: chart "${chart.slice(0, 120)}": ${why}; ${allowedSources(config)}`);
}

function fromRegistry(config: Config, chart: string): ChartSource {
  const match = OCI.exec(chart);
  if (!match) refuse(config, chart, 'not a valid oci:// reference (oci://<registry>/<path>/<chart>; put the version in `version`)');
  const location = match[1];
  const allowed = config.helm.ociRegistries.map(registryPrefix).some((p) => location === p || location.startsWith(`${p}/`));
  if (!allowed) refuse(config, chart, 'this OCI registry is not allowed');
  return { ref: chart, flags: [] };
}

export function resolveChart(config: Config, chart: string): ChartSource {
  if (chart.startsWith('oci://')) return fromRegistry(config, chart);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(chart)?.[1];
  if (scheme) {
    const repo = config.helm.repositories.find((r) => chart.startsWith(r.url.replace(/\/*$/, '/')));
    refuse(config, chart, repo ? `give it as ${repo.name}/<chart> instead of a URL` : `${scheme.toLowerCase()} URLs are not allowed`);
  }
  if (/^[./~\\]/.test(chart) || chart.includes('..') || chart.includes('\\')) refuse(config, chart, 'local paths are not allowed');
  const parts = chart.split('/');
  if (parts.length !== 2) refuse(config, chart, 'expected <repository>/<chart>');
  const [repoName, name] = parts;
  const repo = config.helm.repositories.find((r) => r.name === repoName);
  if (!repo) refuse(config, chart, `"${repoName.slice(0, 63)}" is not a configured repository`);
  if (!NAME.test(name)) refuse(config, chart, 'chart names are lowercase letters, digits and -');
  return { ref: name, flags: [`--repo=${repo.url}`, ...(repo.caFile ? [`--ca-file=${repo.caFile}`] : [])] };
}
