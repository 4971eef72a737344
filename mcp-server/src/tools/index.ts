// Every tool the server has, in the order tools/list shows them. The mode and configuration decide which are
// offered (define-tool.ts isOffered); nothing registers itself.
import type { Tool } from './define-tool';
import { helmGet } from './helm/get';
import { helmHistory } from './helm/history';
import { helmInstall } from './helm/install';
import { helmList } from './helm/list';
import { helmRollback } from './helm/rollback';
import { helmStatus } from './helm/status';
import { helmUninstall } from './helm/uninstall';
import { helmUpgrade } from './helm/upgrade';
import { k8sApiResources } from './k8s/api-resources';
import { k8sApply } from './k8s/apply';
import { k8sAuthCanI } from './k8s/auth-can-i';
import { k8sDelete } from './k8s/delete';
import { k8sDescribe } from './k8s/describe';
import { k8sDiagnose } from './k8s/diagnose';
import { k8sEvents } from './k8s/events';
import { k8sExec } from './k8s/exec';
import { k8sExplain } from './k8s/explain';
import { k8sGet } from './k8s/get';
import { k8sLogs } from './k8s/logs';
import { k8sPatch } from './k8s/patch';
import { k8sRollout } from './k8s/rollout';
import { k8sRolloutStatus } from './k8s/rollout-status';
import { k8sScale } from './k8s/scale';
import { k8sTop } from './k8s/top';
import { rancherClusters } from './rancher/clusters';
import { rancherProjects } from './rancher/projects';

export const allTools: Tool[] = [
  k8sGet,
  k8sDescribe,
  k8sLogs,
  k8sEvents,
  k8sTop,
  k8sDiagnose,
  k8sScale,
  k8sApply,
  k8sPatch,
  k8sRollout,
  k8sRolloutStatus,
  k8sDelete,
  k8sExec,
  k8sApiResources,
  k8sAuthCanI,
  k8sExplain,
  rancherClusters,
  rancherProjects,
  helmList,
  helmStatus,
  helmHistory,
  helmGet,
  helmInstall,
  helmUpgrade,
  helmRollback,
  helmUninstall,
] as Tool[];
