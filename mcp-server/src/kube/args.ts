// Validated argument types shared by the tools. Each one rejects anything that could act as a flag, carry a
// second argument, or leave its field (no leading '-', no whitespace or control characters, bounded length).
import { z } from 'zod';
import { parseFieldPath } from './field-path';

/** What Kubernetes accepts as a namespace or container name, in words the model can act on. */
export const LABEL_RULE =
  'must be a DNS-1123 label: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit (no dots)';
/** What Kubernetes accepts as an object name. */
export const NAME_RULE =
  'must be a Kubernetes object name: at most 253 characters, lowercase letters, digits, - and :, ' +
  'in parts separated by single dots, each part starting and ending with a letter or digit';

/** DNS-1123 label: namespaces, containers. */
export const namespaceArg = z
  .string()
  .max(63, LABEL_RULE)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, LABEL_RULE);

/**
 * Object names: DNS-1123 subdomains (labels joined by single dots, as Kubernetes validates them), plus ':' inside a
 * label, which RBAC and system objects use (system:controller:job-controller). "a..b" or "a.-b" never reach the API.
 */
export const nameArg = z
  .string()
  .max(253, NAME_RULE)
  .regex(/^[a-z0-9]([-a-z0-9:]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9:]*[a-z0-9])?)*$/, NAME_RULE);

/** A resource type as kubectl takes it: "pods", "deploy", "Deployment", "certificates.cert-manager.io". */
export const kindArg = z
  .string()
  .max(253)
  .regex(
    /^[A-Za-z][A-Za-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be a resource type such as pods, deployment or certificates.cert-manager.io',
  );

const labelKey = '(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?';
const labelValue = '(?:[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?';
const requirement = `(?:!?${labelKey}|${labelKey}\\s*(?:==?|!=)\\s*${labelValue}|${labelKey}\\s+(?:in|notin)\\s+\\(\\s*${labelValue}(?:\\s*,\\s*${labelValue})*\\s*\\))`;

/** Label selector grammar: app=web,tier!=db,env in (a,b),!canary,release */
export const labelSelectorArg = z
  .string()
  .max(1024)
  .regex(
    new RegExp(`^${requirement}(?:\\s*,\\s*${requirement})*$`),
    'must be a label selector such as app=web,tier!=db or env in (prod,staging)',
  );

const fieldRequirement = '[A-Za-z][A-Za-z0-9.]*\\s*(?:==?|!=)\\s*[A-Za-z0-9_.:/-]*';
/** Field selector grammar: status.phase=Running,spec.nodeName!=node-1 */
export const fieldSelectorArg = z
  .string()
  .max(1024)
  .regex(new RegExp(`^${fieldRequirement}(?:,${fieldRequirement})*$`), 'must be a field selector such as status.phase=Running');

/** kubectl durations: 30s, 5m, 2h, 1h30m. */
export const durationArg = z
  .string()
  .max(16)
  .regex(/^(\d+h)?(\d+m)?(\d+s)?$/)
  .refine((s) => s.length > 0, 'must be a duration such as 30s, 5m or 2h');

/** A field path for projections: metadata.name, status.containerStatuses[0].restartCount, spec.containers[*].image */
export const fieldPathArg = z
  .string()
  .max(200, 'must be a field path of at most 200 characters')
  .superRefine((path, check) => {
    const parsed = path.length <= 200 ? parseFieldPath(path) : undefined;
    if (parsed && 'problem' in parsed) check.addIssue({ code: 'custom', message: parsed.problem });
  });

/** Opaque continue token from a previous page. */
export const continueArg = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_=+/-]+$/, 'must be the continue token from the previous page');

export const containerArg = namespaceArg.describe('Container name');

// Arguments shared with their descriptions: the same argument reads the same in every tool, in as few words as do.
/** A namespace whose absence means every namespace. */
export const anyNamespaceArg = namespaceArg.optional().describe('Omit for all namespaces');
/** How far back to look. */
export const sinceArg = durationArg.optional().describe('e.g. 10m or 1h');
