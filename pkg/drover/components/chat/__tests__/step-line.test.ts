import type { StepState } from '../../../chat/conversation';
import { seconds, stepCommand } from '../step-line';

const step = (change: Partial<StepState> = {}): StepState => ({
  callId: 'c1', tool: 'k8s_get', arguments: { kind: 'pods', namespace: 'shop' }, readOnly: true, status: 'running', ...change,
});

describe('stepCommand', () => {
  it('is the last command that ran (the read itself, after lookups such as discovery), when the result lists them', () => {
    expect(stepCommand(step({
      command: 'planned',
      result:  {
        isError: false, summary: '', commands: ['kubectl api-resources --output=wide', 'kubectl get pods -n shop']
      }
    })))
      .toBe('kubectl get pods -n shop');
  });

  it('is the planned command of a change before it ran', () => {
    expect(stepCommand(step({ command: 'kubectl scale deployment/web --replicas=3 -n shop' }))).toBe('kubectl scale deployment/web --replicas=3 -n shop');
    expect(stepCommand(step({ command: 'kubectl delete pod x', result: { isError: true, summary: 'denied' } }))).toBe('kubectl delete pod x');
  });

  it('is the tool with its short arguments as key=value otherwise, leaving out objects and empty values', () => {
    expect(stepCommand(step({
      arguments: {
        kind: 'pods', namespace: 'shop', selector: { app: 'x' }, container: '', since: null, tail: 20, previous: false
      }
    })))
      .toBe('k8s_get kind=pods namespace=shop tail=20 previous=false');
  });

  it('cuts long argument values, and is the bare tool without arguments', () => {
    expect(stepCommand(step({ arguments: { query: 'x'.repeat(100) } }))).toBe(`k8s_get query=${ 'x'.repeat(60) }`);
    expect(stepCommand(step({ tool: 'cluster_health', arguments: {} }))).toBe('cluster_health');
  });
});

describe('seconds', () => {
  it('shows milliseconds as seconds with one decimal', () => {
    expect([seconds(0), seconds(420), seconds(1_250), seconds(12_000), seconds(61_449)]).toEqual(['0.0', '0.4', '1.3', '12.0', '61.4']);
  });
});
