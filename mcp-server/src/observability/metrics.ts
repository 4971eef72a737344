// Prometheus metrics of the MCP server, served at /metrics.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly calls = new Counter({
    name: 'drover_mcp_tool_calls_total',
    help: 'Tool calls by tool and status',
    labelNames: ['tool', 'status'],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'drover_mcp_tool_duration_seconds',
    help: 'Tool call latency',
    labelNames: ['tool'],
    registers: [this.registry],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
  });
  readonly bytes = new Counter({
    name: 'drover_mcp_command_output_bytes_total',
    help: 'Bytes read from kubectl/helm',
    labelNames: ['tool'],
    registers: [this.registry],
  });
  readonly truncations = new Counter({
    name: 'drover_mcp_truncations_total',
    help: 'Results cut to fit a byte cap or the token budget',
    labelNames: ['tool'],
    registers: [this.registry],
  });
  readonly denials = new Counter({
    name: 'drover_mcp_policy_denials_total',
    help: 'Calls refused by the policy',
    labelNames: ['tool'],
    registers: [this.registry],
  });
  readonly gatewayRefusals = new Counter({
    name: 'drover_mcp_gateway_refusals_total',
    help: 'Kubernetes API requests the gateway refused',
    labelNames: ['tool'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'drover_mcp_' });
  }
}
