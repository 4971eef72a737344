// Which objects a command covers: the namespace it runs in and the flags that choose it, and label selectors.
// kubectl runs in the current namespace; here that is the one the user is viewing (the chat context), else
// "default". Cluster-wide commands never get one invented.
import type { ChatContext } from '@drover/protocol';
import type { Args } from './args';
import { isClusterWide } from './kinds';
import { InvalidCommand, type FlagSpec } from './types';

export const NAMESPACE_FLAG: FlagSpec = {
  key: 'namespace',
  names: ['-n', '--namespace'],
  value: 'ns',
  description: 'namespace (default: the one you are viewing, else default)',
};

export const ALL_NAMESPACES_FLAG: FlagSpec = { key: 'allNamespaces', names: ['-A', '--all-namespaces'], description: 'all namespaces' };

export const SELECTOR_FLAG: FlagSpec = {
  key: 'selector',
  names: ['-l', '--selector'],
  value: 'selector',
  description: 'label selector, e.g. app=web',
};

/** The namespace of a command that always runs in one. */
export function currentNamespace(args: Args, context: ChatContext | undefined): string {
  return args.value('namespace') ?? context?.namespace ?? 'default';
}

/** The namespace of one object: none is invented for a cluster-wide kind. */
export function objectNamespace(args: Args, context: ChatContext | undefined, kind: string): string | undefined {
  return isClusterWide(kind) ? args.value('namespace') : currentNamespace(args, context);
}

/** The namespace of a command that also takes -A; undefined means all namespaces (or a cluster-wide kind). */
export function chosenNamespace(args: Args, context: ChatContext | undefined, kind?: string): string | undefined {
  if (args.has('allNamespaces')) {
    if (args.has('namespace')) throw new InvalidCommand('give either -n or -A, not both');
    return undefined;
  }
  return kind ? objectNamespace(args, context, kind) : currentNamespace(args, context);
}
