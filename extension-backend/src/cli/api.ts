// The backend's HTTP API as the CLI uses it: bearer auth, answers validated with zod, failures turned into one-line
// CliErrors (unreachable, not signed in, or the backend's own `{ error: { message } }`).
import { ApiErrorSchema } from '@drover/protocol';
import { z } from 'zod';
import { CliError, unauthenticated, unreachable } from './errors';

const REQUEST_TIMEOUT_MS = 30_000;

export class ApiClient {
  constructor(
    readonly baseUrl: URL,
    readonly token: string | undefined,
  ) {}

  /** An absolute URL for a path of the API, kept under the base URL's own path (a backend behind a prefix). */
  endpoint(path: string): URL {
    const base = this.baseUrl.href.endsWith('/') ? this.baseUrl.href : `${this.baseUrl.href}/`;
    return new URL(path.replace(/^\//, ''), base);
  }

  get authorization(): Record<string, string> {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  async json<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new CliError(
        `the backend at ${this.baseUrl.origin} sent an answer this drover does not understand (${method} ${path}); is it a Drover backend of the same version?`,
      );
    return parsed.data;
  }

  async text(path: string): Promise<string> {
    return (await this.request('GET', path)).text();
  }

  async request(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.endpoint(path), {
        method,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        headers: { ...this.authorization, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw unreachable(this.baseUrl, err);
    }
    if (response.ok) return response;
    const failure = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
    if (response.status === 401) throw unauthenticated(this.baseUrl, this.token !== undefined);
    throw new CliError(failure.success ? failure.data.error.message : `${method} ${path} failed with HTTP ${response.status}`);
  }
}
