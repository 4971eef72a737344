import { classifyReady, classifyStatus, statusClassifiers } from '../status';

describe('status classification', () => {
  it.each([
    'Running', 'Completed', 'Succeeded', 'Ready', 'Bound', 'Active', 'True', 'deployed', 'Complete', 'Available',
  ])('calls %s good', (value) => {
    expect(classifyStatus(value)).toBe('good');
  });

  it.each([
    'Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'Unknown', 'pending-install', 'pending-upgrade',
    'pending-rollback', 'Init:0/1', 'uninstalling', 'SchedulingGated',
  ])('calls %s worth a look', (value) => {
    expect(classifyStatus(value)).toBe('warning');
  });

  it.each([
    'CrashLoopBackOff', 'Error', 'ImagePullBackOff', 'ErrImagePull', 'OOMKilled', 'Failed', 'Evicted', 'NotReady',
    'BackoffLimitExceeded', 'failed', 'CreateContainerConfigError', 'InvalidImageName', 'Init:CrashLoopBackOff',
    'Init:Error', 'RunContainerError', 'DeadlineExceeded', 'Lost',
  ])('calls %s a problem', (value) => {
    expect(classifyStatus(value)).toBe('error');
  });

  it('leaves values that say nothing either way unclassified', () => {
    expect(classifyStatus('superseded')).toBeUndefined();
    expect(classifyStatus('False')).toBeUndefined();
    expect(classifyStatus('ClusterIP')).toBeUndefined();
    expect(classifyStatus('')).toBeUndefined();
  });

  it('takes the worst part of a list such as a cordoned node', () => {
    expect(classifyStatus('Ready,SchedulingDisabled')).toBe('warning');
    expect(classifyStatus('NotReady,SchedulingDisabled')).toBe('error');
  });

  it('flags a ready count that is not complete, and leaves a complete one plain', () => {
    expect(classifyReady('0/1')).toBe('warning');
    expect(classifyReady('2/3')).toBe('warning');
    expect(classifyReady('1/1')).toBeUndefined();
    expect(classifyReady('False')).toBe('warning');
    expect(classifyReady('True')).toBeUndefined();
  });

  it('finds the status-like columns by their headers', () => {
    const classifiers = statusClassifiers(['NAME', 'READY', 'STATUS', 'RESTARTS', 'phase', 'STATE', 'AGE']);

    expect(classifiers.map((c) => (c === classifyStatus ? 'status' : c === classifyReady ? 'ready' : '-')))
      .toEqual(['-', 'ready', 'status', '-', 'status', 'status', '-']);
  });
});
