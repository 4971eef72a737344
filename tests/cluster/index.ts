// The local Kubernetes control plane for Drover's tests and demo (see "The local control plane" in README.md).
export { startCluster, type Cluster, type ClusterUser, type StartClusterOptions } from './control-plane';
export { FAULTS, FAULT_ANNOTATION, type Fault } from './kwok-stages';
export { MCP_NAMESPACE, MCP_SERVICE_ACCOUNT } from './identities';
export { applyObjects, kubectlOk, runKubectl, type KubectlResult } from './kubectl';
export {
  canary, deployment, event, job, seedLogs, seedScale, seedShop, service, waitForDeployments,
  type EventSpec, type PodLogs, type SeedTarget, type ShopSeed, type WorkloadSpec,
} from './seed';
export { CLUSTER_STATE_ENV, readClusterState, testCluster, writeClusterState, type ClusterInfo } from './state';
