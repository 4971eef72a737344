// Every tool the server has, in the order tools/list shows them. The mode and configuration decide which are
// offered (define-tool.ts isOffered); nothing registers itself.
import type { Tool } from './define-tool';
import { k8sGet } from './k8s/get';
import { k8sScale } from './k8s/scale';

export const allTools: Tool[] = [
  k8sGet,
  k8sScale,
] as Tool[];
