// Classifies a kubectl or helm argv by what it does to the cluster, independent of which tool built it.
// A server-side dry run changes nothing, so it is not a write (but the policy still checks it as one).

export type Effect = 'read' | 'dry-run' | 'write';

const KUBECTL_READ = new Set([
  'get',
  'describe',
  'logs',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'events',
  'diff',
  'auth',
  'wait',
]);
const KUBECTL_WRITE = new Set([
  'apply',
  'create',
  'replace',
  'patch',
  'scale',
  'delete',
  'label',
  'annotate',
  'set',
  'exec',
  'cp',
  'edit',
  'run',
  'expose',
  'autoscale',
  'drain',
  'cordon',
  'uncordon',
  'taint',
  'rollout',
]);
const ROLLOUT_READ = new Set(['status', 'history']);

/** "Creating" one of these (group/resource) asks the API server a question about the caller (may I…? who am I?); nothing is stored. */
export const SELF_REVIEWS = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
]);

/** The path `kubectl create --raw` posts a review to. */
export function reviewPath(review: string): string {
  const [group, resource] = review.split('/');
  return `/apis/${group}/v1/${resource}`;
}
const REVIEW_PATHS = new Set([...SELF_REVIEWS].map(reviewPath));

const HELM_READ = new Set(['list', 'ls', 'status', 'history', 'get', 'show', 'template', 'search', 'version', 'lint']);
const HELM_WRITE = new Set(['install', 'upgrade', 'rollback', 'uninstall', 'delete']);

/** The tool's own arguments: everything after `--` belongs to a command run inside a container. */
function ownArgs(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

function positionals(argv: readonly string[]): string[] {
  return ownArgs(argv).filter((a) => !a.startsWith('-'));
}

function isDryRun(argv: readonly string[]): boolean {
  return ownArgs(argv).some((a) => a === '--dry-run=server' || a === '--dry-run');
}

/** `kubectl create --raw=<review path> --filename=…` and nothing else: a question about the caller, not an object. */
function isSelfReview(argv: readonly string[]): boolean {
  const [verb, ...rest] = argv;
  const raw = rest.filter((a) => a.startsWith('--raw='));
  return (
    verb === 'create' &&
    raw.length === 1 &&
    REVIEW_PATHS.has(raw[0].slice('--raw='.length)) &&
    rest.every((a) => a === raw[0] || a.startsWith('--filename='))
  );
}

/** Anything not known to be a read is a write: unknown commands fail closed. */
export function classifyKubectl(argv: readonly string[]): Effect {
  const [verb, sub] = positionals(argv);
  if (verb === 'rollout' && ROLLOUT_READ.has(sub ?? '')) return 'read';
  if (isSelfReview(argv)) return 'read';
  if (KUBECTL_READ.has(verb ?? '') && !(verb === 'auth' && sub !== 'can-i' && sub !== 'whoami')) return 'read';
  if (KUBECTL_WRITE.has(verb ?? '') && isDryRun(argv)) return 'dry-run';
  return 'write';
}

export function classifyHelm(argv: readonly string[]): Effect {
  const [verb] = positionals(argv);
  if (HELM_READ.has(verb ?? '')) return 'read';
  if (HELM_WRITE.has(verb ?? '') && isDryRun(argv)) return 'dry-run';
  return 'write';
}
