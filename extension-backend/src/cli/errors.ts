// Failures the CLI reports as one line on stderr, each with its exit code, so scripts can tell them apart.
export const EXIT = {
  ok: 0,
  /** The backend refused the request, or the turn did not end with an answer. */
  failed: 1,
  usage: 2,
  unreachable: 3,
  unauthenticated: 4,
  /** Ctrl-C, as shells report SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(`${message} (see drover --help)`, EXIT.usage);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'timed out',
};

/** The low-level reason of a failed connection (fetch wraps it in `cause`). */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause ?? err;
  if ((cause as Error).name === 'TimeoutError') return 'no answer in time';
  const code = (cause as { code?: string }).code;
  return (code && NETWORK_REASONS[code]) ?? (cause as Error).message ?? String(cause);
}

export function unreachable(baseUrl: URL, err: unknown): CliError {
  return new CliError(
    `cannot reach the Drover backend at ${baseUrl.origin} (${networkReason(err)}). ` +
      'Start one with `npm start`, or point --url / DROVER_URL at a running one.',
    EXIT.unreachable,
  );
}

export function unauthenticated(baseUrl: URL, hasToken: boolean): CliError {
  return new CliError(
    hasToken
      ? `the backend at ${baseUrl.origin} did not accept your token: set DROVER_TOKEN (or --token) to a valid Kubernetes token`
      : `the backend at ${baseUrl.origin} needs a token: set DROVER_TOKEN (or --token) to your Kubernetes token`,
    EXIT.unauthenticated,
  );
}
