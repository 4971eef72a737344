// StrictMcpServer: the SDK's McpServer (1.32), answering requests as the MCP specification (2025-11-25) says where
// the SDK does not. Every message passes a guard before the SDK sees it:
// - params that do not fit the method (tools/call without a name or with arguments that are not an object,
//   resources/read without a uri…): -32602 with one sentence, where the SDK answers -32603 with zod's issue dump;
// - a tools/call of a tool this server does not offer: -32602, where the SDK returns an isError result;
// - a cursor on a list: -32602 (every list comes in one page, so no cursor was ever handed out), where the SDK ignores it;
// - a resources/read of a URI that no resource or template serves: -32002, where the SDK answers -32602.
// The guard also notes the protocol version the session negotiated, which decides whether batches are allowed.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ClientRequestSchema,
  ErrorCode,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type Implementation,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

/** The MCP error code for a resource that does not exist (or that the caller may not read). */
export const RESOURCE_NOT_FOUND = -32002;

/** An error a request handler throws for the SDK to answer as is (McpError would prefix "MCP error <code>:" to the message). */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** JSON-RPC batches came with protocol 2025-03-26 and went with 2025-06-18; older and newer versions have none. */
const BATCHING_VERSIONS = new Set(['2025-03-26']);

const LIST_METHODS = new Set(['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list']);

const REQUEST_SCHEMAS = new Map<string, z.ZodType>(
  ClientRequestSchema.options.map((schema) => [schema.shape.method.value as string, schema as unknown as z.ZodType]),
);

export interface Served {
  tools: ReadonlySet<string>;
  resource: (uri: URL) => boolean;
}

interface Refusal {
  code: number;
  message: string;
  data?: unknown;
}

const NOUNS: Record<string, string> = { record: 'an object', object: 'an object', array: 'an array', string: 'a string' };

/** One sentence for the first thing wrong with a request's params. */
function describeIssue(request: JSONRPCRequest, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    request,
  );
  if (value === undefined) return `${request.method} needs ${path}.`;
  if (issue.code === 'invalid_type') return `${request.method}: ${path} must be ${NOUNS[issue.expected] ?? `a ${issue.expected}`}.`;
  return `${request.method}: ${path} is invalid (${issue.message}).`;
}

function firstIssue(schema: z.ZodType, request: JSONRPCRequest): z.core.$ZodIssue | undefined {
  const parsed = schema.safeParse(request);
  if (parsed.success) return undefined;
  // Without params at all, name the first field they must hold (params.name) rather than just "params".
  if (request.params === undefined) return schema.safeParse({ ...request, params: {} }).error?.issues[0] ?? parsed.error.issues[0];
  return parsed.error.issues[0];
}

/** What is wrong with a request, in the spec's terms, or undefined when the SDK may handle it. */
function refusal(request: JSONRPCRequest, served: Served): Refusal | undefined {
  const schema = REQUEST_SCHEMAS.get(request.method);
  if (!schema) return undefined; // the SDK answers unknown methods itself (-32601)
  const issue = firstIssue(schema, request);
  if (issue) return { code: ErrorCode.InvalidParams, message: describeIssue(request, issue) };
  const params = (request.params ?? {}) as Record<string, unknown>;
  if (LIST_METHODS.has(request.method) && params.cursor !== undefined) {
    return {
      code: ErrorCode.InvalidParams,
      message: `invalid cursor: ${request.method} answers in one page and never hands out a cursor.`,
    };
  }
  if (request.method === 'tools/call' && !served.tools.has(params.name as string)) {
    return {
      code: ErrorCode.InvalidParams,
      message: `unknown tool ${JSON.stringify(String(params.name).slice(0, 100))}: tools/list shows the tools this server offers.`,
    };
  }
  if (request.method === 'resources/read') {
    const uri = URL.parse(params.uri as string);
    if (!uri) return { code: ErrorCode.InvalidParams, message: 'resources/read: params.uri is not a URI.' };
    if (!served.resource(uri)) {
      return {
        code: RESOURCE_NOT_FOUND,
        message: `no resource at ${uri.href}: resources/list and resources/templates/list show what this server serves.`,
        data: { uri: uri.href },
      };
    }
  }
  return undefined;
}

export class StrictMcpServer extends McpServer {
  /** The protocol version agreed at initialize; undefined until then. */
  protocolVersion: string | undefined;

  constructor(
    info: Implementation,
    options: ConstructorParameters<typeof McpServer>[1],
    private readonly served: Served,
  ) {
    super(info, options);
  }

  /** Whether this session's protocol version has JSON-RPC batches. */
  get allowsBatches(): boolean {
    return this.protocolVersion !== undefined && BATCHING_VERSIONS.has(this.protocolVersion);
  }

  override connect(transport: Transport): Promise<void> {
    return super.connect(this.guard(transport));
  }

  /** The transport as the SDK sees it: refused requests are answered here and never reach it. */
  private guard(inner: Transport): Transport {
    let initializeId: RequestId | undefined;
    const send = (message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]) => {
      if (initializeId !== undefined && isJSONRPCResultResponse(message) && message.id === initializeId) {
        this.protocolVersion = (message.result as { protocolVersion?: string }).protocolVersion;
      }
      return inner.send(message, options);
    };
    // Callbacks already set on the transport (e.g. the HTTP layer's onclose) stay: the SDK chains them.
    const outer: Transport = {
      start: () => inner.start(),
      close: () => inner.close(),
      send,
      get sessionId() {
        return inner.sessionId;
      },
      onclose: inner.onclose,
      onerror: inner.onerror,
      onmessage: inner.onmessage,
    };
    inner.onclose = () => outer.onclose?.();
    inner.onerror = (error) => outer.onerror?.(error);
    inner.onmessage = (message, extra) => {
      if (isJSONRPCRequest(message)) {
        const refused = refusal(message, this.served);
        if (refused) return void send({ jsonrpc: '2.0', id: message.id, error: refused }).catch((err: Error) => outer.onerror?.(err));
        if (message.method === 'initialize') initializeId = message.id;
      }
      outer.onmessage?.(message, extra);
    };
    return outer;
  }
}
