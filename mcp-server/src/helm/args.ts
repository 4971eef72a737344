// Validated arguments of the helm tools. Like kube/args.ts: nothing can act as a flag or carry a second argument.
import { z } from 'zod';

/** Helm release names: DNS-1123 subdomain, at most 53 characters (helm's own limit). */
const RELEASE_RULE =
  'must be a Helm release name: at most 53 lowercase letters, digits, - and ., ' +
  'in parts separated by single dots, each part starting and ending with a letter or digit';
export const releaseArg = z
  .string()
  .max(53, RELEASE_RULE)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, RELEASE_RULE);

/** An exact chart version (SemVer 2), e.g. 1.2.3 or 1.2.3-rc.1; ranges are not accepted. */
export const chartVersionArg = z
  .string()
  .max(64)
  .regex(
    /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/,
    'must be an exact chart version such as 1.2.3',
  );

export const revisionArg = z.number().int().min(1).max(1_000_000);

const MAX_VALUES_CHARS = 256 * 1024;

/** Chart values as an object; they reach helm as a file, never as --set strings. */
export const valuesArg = z
  .record(z.string(), z.json())
  .refine((v) => JSON.stringify(v).length <= MAX_VALUES_CHARS, `values must be smaller than ${MAX_VALUES_CHARS / 1024} KiB`);
