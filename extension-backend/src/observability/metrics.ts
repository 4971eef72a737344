// Prometheus metrics. Conversation metrics are derived from the session events (the same stream the UI gets), so
// what is counted is exactly what users saw.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StoredEvent } from '../store/types';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  activeWebSockets: Gauge;
  /** Feeds the conversation metrics from one session event. */
  observe(event: StoredEvent): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'drover_backend_' });
  const httpRequests = new Counter({
    name: 'drover_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const activeWebSockets = new Gauge({ name: 'drover_active_websockets', help: 'Open chat WebSockets', registers: [registry] });
  const turns = new Histogram({
    name: 'drover_turn_duration_seconds',
    help: 'Turn duration by how it ended and whether it used the model',
    labelNames: ['reason', 'direct'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'drover_model_tokens_total',
    help: 'Model tokens by model and direction (in = prompt, out = completion)',
    labelNames: ['model', 'direction'] as const,
    registers: [registry],
  });
  const toolCalls = new Counter({
    name: 'drover_tool_calls_total',
    help: 'Tool calls by tool and status',
    labelNames: ['tool', 'status'] as const,
    registers: [registry],
  });
  const approvals = new Counter({
    name: 'drover_approvals_total',
    help: 'Approvals by decision and who decided',
    labelNames: ['decision', 'by'] as const,
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'drover_model_fallbacks_total',
    help: 'Switches to a fallback model',
    labelNames: ['from', 'to'] as const,
    registers: [registry],
  });

  /** Per running turn: the model answering now and whether it is a /command. */
  const turnState = new Map<string, { model: string; direct: boolean }>();
  const observe = (event: StoredEvent) => {
    switch (event.type) {
      case 'turn_start':
        turnState.set(event.turnId, { model: event.model ?? 'none', direct: event.direct });
        break;
      case 'model_fallback': {
        const state = turnState.get(event.turnId);
        if (state) state.model = event.to;
        fallbacks.inc({ from: event.from, to: event.to });
        break;
      }
      case 'tool_result':
        toolCalls.inc({ tool: event.tool, status: event.isError ? 'error' : 'ok' });
        break;
      case 'approval_resolved':
        approvals.inc({ decision: event.decision, by: event.by });
        break;
      case 'turn_end': {
        const state = turnState.get(event.turnId);
        turnState.delete(event.turnId);
        turns.observe({ reason: event.reason, direct: String(state?.direct ?? false) }, event.durationMs / 1000);
        if (state && !state.direct) {
          tokens.inc({ model: state.model, direction: 'in' }, event.tokens.prompt);
          tokens.inc({ model: state.model, direction: 'out' }, event.tokens.completion);
        }
        break;
      }
      default:
        break;
    }
  };
  return { registry, httpRequests, activeWebSockets, observe };
}
