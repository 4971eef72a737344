// The Rancher UI extension's bundle, served the way Rancher's UIPlugin controller fetches a plugin from an endpoint:
// `<endpoint>/plugin/package.json` (its version must match the UIPlugin's), `<endpoint>/files.txt` (one path per
// line), then each listed file. The Helm chart's UIPlugin points its endpoint at `/extension` on this service.
// Open without authentication: the bundle is public code and carries no data.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorBody } from './errors';

export const EXTENSION_PREFIX = '/extension';

/** build-pkg also writes a bundle-size report; it is for developers, not for Rancher. */
const NOT_SHIPPED = new Set(['report.html']);

const BundlePackage = z.object({ name: z.string().min(1), version: z.string().min(1) });

export interface ExtensionBundle {
  dir: string;
  name: string;
  version: string;
  /** Paths relative to `dir`, as files.txt lists them (under `plugin/`). */
  files: string[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile() && !NOT_SHIPPED.has(path))
    .sort();
}

/** Reads a build-pkg output folder (dist-pkg/<name>-<version>); a folder that is not one fails the boot clearly. */
export function readExtensionBundle(dir: string): ExtensionBundle {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest))
    throw new Error(
      `UI bundle ${dir}: no package.json; point DROVER_UI_BUNDLE_DIR at a build-pkg output folder (dist-pkg/<name>-<version>)`,
    );
  const parsed = BundlePackage.safeParse(JSON.parse(readFileSync(manifest, 'utf8')));
  if (!parsed.success) throw new Error(`UI bundle ${manifest}: needs a name and a version`);
  const { name, version } = parsed.data;
  const entry = `${name}-${version}.umd.min.js`;
  if (!existsSync(join(dir, entry))) throw new Error(`UI bundle ${dir}: ${entry} is missing; was build-pkg run for ${name} ${version}?`);
  return { dir, name, version, files: listFiles(dir) };
}

export async function registerExtensionRoutes(app: FastifyInstance, bundle: ExtensionBundle | undefined): Promise<void> {
  if (!bundle) {
    app.get(`${EXTENSION_PREFIX}/*`, async (_request, reply) =>
      reply.code(404).send(errorBody('not_found', 'This backend serves no UI extension bundle (DROVER_UI_BUNDLE_DIR is not set).')),
    );
    return;
  }
  const shipped = new Set(bundle.files);
  app.get(`${EXTENSION_PREFIX}/files.txt`, async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(bundle.files.map((file) => `plugin/${file}\n`).join('')),
  );
  await app.register(fastifyStatic, {
    root: bundle.dir,
    prefix: `${EXTENSION_PREFIX}/plugin/`,
    decorateReply: false,
    index: false,
    // Only what files.txt lists: never the report, never a path outside the bundle.
    allowedPath: (pathName) => shipped.has(relative('/', decodeURIComponent(pathName))),
  });
}
