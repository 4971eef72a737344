import { conditionHealth, isProblemWhenTrue, podStatusHealth } from '../health';

describe('conditionHealth', () => {
  it('takes True as good and False as bad for conditions that report readiness or progress', () => {
    for (const type of ['Ready', 'Available', 'ContainersReady', 'Initialized', 'PodScheduled', 'Progressing', 'Complete']) {
      expect([type, conditionHealth(type, 'True')]).toEqual([type, 'good']);
      expect([type, conditionHealth(type, 'False')]).toEqual([type, 'bad']);
    }
  });

  it('takes True as bad for conditions that report a problem', () => {
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable', 'ReplicaFailure', 'Failed', 'DisruptionTarget']) {
      expect([type, conditionHealth(type, 'True')]).toEqual([type, 'bad']);
      expect([type, conditionHealth(type, 'False')]).toEqual([type, 'good']);
    }
  });

  it('recognises custom problem conditions by their name', () => {
    expect(isProblemWhenTrue('ConfigMapPressure')).toBe(true);
    expect(isProblemWhenTrue('UpgradeFailed')).toBe(true);
    expect(isProblemWhenTrue('ReconcileError')).toBe(true);
    expect(isProblemWhenTrue('Available')).toBe(false);
  });

  it('calls any other status unknown', () => {
    expect(conditionHealth('Ready', 'Unknown')).toBe('unknown');
    expect(conditionHealth('MemoryPressure', '')).toBe('unknown');
  });
});

describe('podStatusHealth', () => {
  it('reads kubectl pod statuses', () => {
    expect(['Running', 'Completed', 'Succeeded'].map(podStatusHealth)).toEqual(['good', 'good', 'good']);
    expect(['Pending', 'ContainerCreating', 'Terminating', 'Init:0/2', 'PodInitializing'].map(podStatusHealth)).toEqual(Array(5).fill('unknown'));
    expect(['CrashLoopBackOff', 'ImagePullBackOff', 'Error', 'OOMKilled', 'Evicted', 'Init:CrashLoopBackOff', 'Init:Error'].map(podStatusHealth))
      .toEqual(Array(7).fill('bad'));
  });
});
