// The HTTP side of the chat API for tests: requests as a user (bearer token, cookie, or nobody), Server-Sent Events
// read back as protocol events (validated, so a malformed event fails the test), and Prometheus samples.
import { parseServerEvent, type ServerEvent } from '@drover/protocol';
import type { Stack } from './stack';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; undefined when the body is not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- any JSON: each test reads the fields it expects
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON unless it is a string, which is sent as is (with a JSON content type). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A user of the API: every request carries their bearer token (none for an anonymous caller). */
export class ApiClient {
  constructor(
    private readonly stack: Stack,
    private readonly token?: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  /** Sends a request; the stack's address is read each time, so a client outlives a backend restart. */
  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.extraHeaders, ...options.headers };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    return fetch(`${this.stack.url}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  }

  async send(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const response = await this.request(path, options);
    const text = await response.text();
    let body: ApiResponse['body'];
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  get(path: string): Promise<ApiResponse> {
    return this.send(path);
  }

  post(path: string, body: unknown = {}): Promise<ApiResponse> {
    return this.send(path, { method: 'POST', body });
  }

  patch(path: string, body: unknown): Promise<ApiResponse> {
    return this.send(path, { method: 'PATCH', body });
  }

  delete(path: string): Promise<ApiResponse> {
    return this.send(path, { method: 'DELETE' });
  }

  /** POSTs with Accept: text/event-stream and reads the events as they arrive. */
  async stream(path: string, body: unknown): Promise<SseStream> {
    const response = await this.request(path, { method: 'POST', body, headers: { Accept: 'text/event-stream' } });
    if (response.status !== 200 || !response.body)
      throw new Error(`expected an event stream, got HTTP ${response.status}: ${await response.text()}`);
    return new SseStream(response);
  }
}

/** One Server-Sent Event: its id line (a number), its event line, and its data as a protocol event. */
export interface SseEvent {
  id?: number;
  event: string;
  data: ServerEvent;
}

export class SseStream {
  readonly events: SseEvent[] = [];
  readonly contentType: string | null;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffered = '';
  private ended = false;

  constructor(response: Response) {
    this.contentType = response.headers.get('content-type');
    this.reader = response.body!.getReader();
  }

  /** The next event; undefined once the server has ended the stream. */
  async next(): Promise<SseEvent | undefined> {
    for (;;) {
      const boundary = this.buffered.indexOf('\n\n');
      if (boundary >= 0) {
        const block = this.buffered.slice(0, boundary);
        this.buffered = this.buffered.slice(boundary + 2);
        const event = parseBlock(block);
        this.events.push(event);
        return event;
      }
      if (this.ended) {
        if (this.buffered.trim()) throw new Error(`the stream ended inside an event: ${this.buffered}`);
        return undefined;
      }
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else this.buffered += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads until an event of this type (returned), failing if the stream ends first. */
  async until(type: ServerEvent['type']): Promise<SseEvent> {
    for (;;) {
      const event = await this.next();
      if (!event) throw new Error(`the stream ended before a ${type} event; got: ${this.events.map((e) => e.event).join(', ')}`);
      if (event.event === type) return event;
    }
  }

  /** Reads to the end of the stream; returns every event it carried. */
  async rest(): Promise<SseEvent[]> {
    while (await this.next());
    return this.events;
  }
}

function parseBlock(block: string): SseEvent {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`not an SSE field line: ${line}`);
    fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
  }
  const parsed = parseServerEvent(fields.get('data') ?? '');
  if (!parsed.ok) throw new Error(`the backend streamed an invalid event (${parsed.error}): ${block.slice(0, 300)}`);
  const id = fields.get('id');
  return { ...(id !== undefined ? { id: Number(id) } : {}), event: fields.get('event') ?? 'message', data: parsed.value };
}

/** The value of one Prometheus sample (labels must match exactly, in any order); 0 when there is none yet. */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter(Boolean)
      .sort()
      .join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}
