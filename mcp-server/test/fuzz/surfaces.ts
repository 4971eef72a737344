// The servers the fuzz suites call, each offering every tool its identity mode has (admin mode, exec allowed, a chart
// repository): standalone, impersonating a cluster admin, and Rancher identity mode, as Rancher's admin with their own
// token through the real Rancher, which adds the Rancher tools and a `cluster` argument to every tool that acts on one
// cluster. A suite fuzzes each argument of each tool once, in the first of these servers that offers it.
import type { z } from 'zod';
import { testRancher } from '../../../tests/cluster/state';
import type { Config } from '../../src/config';
import type { Identity } from '../../src/identity';
import { allTools } from '../../src/tools';
import { inputOf, isOffered, type Tool } from '../../src/tools/define-tool';
import { ADMIN, testConfig } from '../support/harness';

export const SURFACES = ['standalone', 'rancher'] as const;
export type Surface = (typeof SURFACES)[number];

/** Where the Rancher surface finds Rancher: the real one, or a recording tap in front of it (plain HTTP, no CA). */
export interface RancherAddress {
  url: string;
  caFile?: string;
}

export function widestConfig(
  surface: Surface,
  repository: { url: string; caFile?: string },
  rancher: RancherAddress = testRancher(),
): Config {
  return testConfig({
    mode: 'admin',
    policy: { allowExec: true, protectedNamespaces: ['kube-system'], deniedKinds: [] },
    helm: { repositories: [{ name: 'drover-test', ...repository }] },
    ...(surface === 'rancher'
      ? { identity: { mode: 'rancher', rancherUrl: rancher.url, rancherCaFile: rancher.caFile, kubeconfig: undefined } }
      : {}),
  });
}

/** Who calls: the cluster admin, or Rancher's admin looking at the local cluster (a call may name another). */
export function surfaceIdentity(surface: Surface): Identity {
  if (surface === 'standalone') return ADMIN;
  const { admin } = testRancher().users;
  return { mode: 'rancher', user: admin.id, token: admin.token, cluster: 'local' };
}

export function offeredTools(config: Config): Tool[] {
  return allTools.filter((tool) => isOffered(tool, config));
}

export interface Argument {
  surface: Surface;
  tool: string;
  key: string;
  schema: z.ZodType;
}

/** Each argument of each tool, once: in the first surface that offers it (so Rancher adds its tools and `cluster`). */
export function offeredArguments(configs: Record<Surface, Config>): Argument[] {
  const seen = new Set<string>();
  const args: Argument[] = [];
  for (const surface of SURFACES) {
    for (const tool of offeredTools(configs[surface])) {
      for (const [key, schema] of Object.entries(inputOf(tool, configs[surface]))) {
        if (seen.has(`${tool.name}.${key}`)) continue;
        seen.add(`${tool.name}.${key}`);
        args.push({ surface, tool: tool.name, key, schema: schema as z.ZodType });
      }
    }
  }
  return args;
}
