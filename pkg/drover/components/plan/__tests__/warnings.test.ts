import { classifyWarning, classifyWarnings } from '../warnings';

const fixture = (name: string) => require(`../../../__tests__/fixtures/views/${ name }.json`);

describe('classifyWarning', () => {
  it('makes scaling to zero a danger (the real scale-to-zero plan)', () => {
    const [warning] = fixture('plan-scale-zero').view.warnings;

    expect(warning).toBe('scales Deployment checkout to zero: all its pods stop and anything using it loses service');
    expect(classifyWarning(warning)).toEqual({ level: 'danger', reason: 'zero' });
  });

  it('makes data that may go with a deleted claim a danger, and its finalizers a warning (the real claim delete)', () => {
    const [data, finalizers] = fixture('plan-delete-claim').view.warnings;

    expect(classifyWarning(data)).toEqual({ level: 'danger', reason: 'data' });
    expect(classifyWarning(finalizers)).toEqual({ level: 'warning' });
  });

  it('keeps the pods deleted with a Deployment a warning (the real delete plan)', () => {
    const [pods] = fixture('plan-delete').view.warnings;

    expect(pods).toBe('Deployment web: its 2 pods (selector app=web) are deleted with it');
    expect(classifyWarning(pods)).toEqual({ level: 'warning' });
  });

  it('reads the other data-loss warnings the MCP server writes as dangers', () => {
    expect(classifyWarning('PersistentVolumeClaim data: its volume pv-1 has reclaim policy Delete: the volume and all its data are deleted with the claim'))
      .toEqual({ level: 'danger', reason: 'data' });
    expect(classifyWarning('deletes PersistentVolumeClaim(s) data-db-0: the data on their volumes may be lost')).toEqual({ level: 'danger', reason: 'data' });
  });

  it('does not call a volume whose data is kept, or a claim with no data, a danger', () => {
    expect(classifyWarning('PersistentVolumeClaim data: its volume pv-1 has reclaim policy Retain: the data is kept, but an administrator must reclaim the volume to use it again'))
      .toEqual({ level: 'warning' });
    expect(classifyWarning('PersistentVolumeClaim scratch is not bound to a volume: no stored data is lost')).toEqual({ level: 'warning' });
  });

  it('reads changes that reach beyond one namespace as cluster-wide dangers', () => {
    const scope = { level: 'danger', reason: 'scope' };

    expect(classifyWarning('Namespace shop: every object in namespace shop is deleted with it')).toEqual(scope);
    expect(classifyWarning('CustomResourceDefinition certificates.cert-manager.io: every object of this kind in the cluster is deleted with it')).toEqual(scope);
    expect(classifyWarning('Node worker-1: its pods are deleted and nothing is scheduled there any more')).toEqual(scope);
    expect(classifyWarning('writes outside namespace shop: ClusterRole shop-reader, ClusterRoleBinding shop-reader')).toEqual(scope);
    expect(classifyWarning("installs 2 CustomResourceDefinition(s) from the chart's crds/ folder; helm never upgrades or deletes them")).toEqual(scope);
    expect(classifyWarning('refused: delete ClusterRole x is a cluster-wide change, which needs admin mode')).toEqual(scope);
  });

  it('leaves ordinary impact warnings as warnings', () => {
    for (const text of [
      'Deployment web: the pod template changes, so every pod is replaced (rolling update)',
      'HorizontalPodAutoscaler web manages web and will override this replica count',
      'a large jump from 2 to 40 replicas: check the namespace quota and node capacity',
      'force=true: fields other managers own (kubectl, Helm, GitOps, controllers) are taken over; their owners may set them back or stop managing them',
    ]) expect(classifyWarning(text)).toEqual({ level: 'warning' });
  });
});

describe('classifyWarnings', () => {
  it('lists the dangers first and keeps the server order within each group', () => {
    const warnings = fixture('plan-delete-claim').view.warnings;
    const listed = classifyWarnings([...warnings].reverse());

    expect(listed.map((w) => w.level)).toEqual(['danger', 'warning']);
    expect(listed[0].text).toBe(warnings[0]);
    expect(classifyWarnings(['b warning', 'scales x to zero', 'a warning']).map((w) => w.text)).toEqual(['scales x to zero', 'b warning', 'a warning']);
  });
});
