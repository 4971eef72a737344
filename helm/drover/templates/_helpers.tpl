{{/* Names, labels and the two configuration files, defined once. */}}

{{- define "drover.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "drover.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "drover.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "drover.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Object names of the two parts: "<fullname>-backend", "<fullname>-mcp" (≤ 63 characters). */}}
{{- define "drover.backend" -}}{{ include "drover.fullname" . | trunc 55 | trimSuffix "-" }}-backend{{- end }}
{{- define "drover.mcp" -}}{{ include "drover.fullname" . | trunc 59 | trimSuffix "-" }}-mcp{{- end }}

{{- define "drover.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "drover.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one part: call with (dict "root" $ "component" "backend"). */}}
{{- define "drover.selectorLabels" -}}
app.kubernetes.io/name: {{ include "drover.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "drover.image" -}}
{{ .image.repository }}:{{ .image.tag | default .root.Chart.AppVersion }}
{{- end }}

{{/* Paths inside the pods; the images put the UI bundle at uiBundleDir (see extension-backend/Dockerfile). */}}
{{- define "drover.paths.config" -}}/etc/drover{{- end }}
{{- define "drover.paths.mcpToken" -}}/var/run/drover/mcp-token{{- end }}
{{- define "drover.paths.rancherCa" -}}/etc/drover/rancher-ca{{- end }}
{{- define "drover.paths.data" -}}/var/lib/drover{{- end }}
{{- define "drover.paths.uiBundleDir" -}}/opt/drover/ui{{- end }}

{{- define "drover.rancherCaFile" -}}
{{- if .Values.rancher.caSecret.name }}{{ include "drover.paths.rancherCa" . }}/ca.crt{{ end }}
{{- end }}

{{/* The backend's configuration file (extension-backend's YAML schema); backend.config is merged over it. */}}
{{- define "drover.backendConfig" -}}
{{- $auth := dict "mode" .Values.authMode -}}
{{- if eq .Values.authMode "rancher" }}
{{- $_ := set $auth "rancherUrl" .Values.rancher.url }}
{{- with include "drover.rancherCaFile" . }}{{ $_ := set $auth "rancherCaFile" . }}{{ end }}
{{- else }}
{{- $_ := set $auth "tokenReview" true }}
{{- end }}
{{- $config := dict
  "http" (dict "host" "0.0.0.0" "port" (int .Values.backend.port))
  "auth" $auth
  "ollama" (dict "url" .Values.ollama.url "model" .Values.ollama.model "fallbackModels" .Values.ollama.fallbackModels "numCtx" (int .Values.ollama.numCtx) "pullMissing" .Values.ollama.pullMissing)
  "mcp" (dict "url" (printf "http://%s:%d/mcp" (include "drover.mcp" .) (int .Values.mcpServer.port)) "tokenFile" (printf "%s/token" (include "drover.paths.mcpToken" .)))
  "store" (dict "path" (printf "%s/drover.db" (include "drover.paths.data" .)))
  "ui" (dict "bundleDir" (include "drover.paths.uiBundleDir" .))
  "logLevel" .Values.backend.logLevel
-}}
{{- toYaml (mustMergeOverwrite $config (deepCopy .Values.backend.config)) }}
{{- end }}

{{/* The MCP server's configuration file (mcp-server's YAML schema); mcpServer.config is merged over it. */}}
{{- define "drover.mcpConfig" -}}
{{- $identity := dict "mode" "impersonate" -}}
{{- if eq .Values.authMode "rancher" }}
{{- $identity = dict "mode" "rancher" "rancherUrl" .Values.rancher.url }}
{{- with include "drover.rancherCaFile" . }}{{ $_ := set $identity "rancherCaFile" . }}{{ end }}
{{- end }}
{{- $config := dict
  "transport" "http"
  "http" (dict "host" "0.0.0.0" "port" (int .Values.mcpServer.port) "authTokenFile" (printf "%s/token" (include "drover.paths.mcpToken" .)) "metricsOpen" .Values.mcpServer.metricsOpen)
  "mode" .Values.tools.mode
  "identity" $identity
  "policy" (dict "protectedNamespaces" .Values.tools.protectedNamespaces "allowExec" .Values.tools.allowExec)
  "helm" (dict "repositories" .Values.tools.helmRepositories "ociRegistries" .Values.tools.helmOciRegistries)
  "limits" (dict "timeoutSeconds" (int .Values.tools.timeoutSeconds) "resultTokenBudget" (int .Values.tools.resultTokenBudget))
  "cacheDir" "/var/cache/drover"
  "logLevel" .Values.mcpServer.logLevel
-}}
{{- toYaml (mustMergeOverwrite $config (deepCopy .Values.mcpServer.config)) }}
{{- end }}

{{/* Pod and container hardening shared by both parts (the images run as a non-root user). */}}
{{- define "drover.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "drover.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* Whether the UIPlugin is created: rancher mode, on a cluster serving Rancher's UIPlugin API ("true" or ""). */}}
{{- define "drover.createsGlobalRole" -}}
{{- if and .Values.rancher.globalRole.enabled (eq .Values.authMode "rancher") (.Capabilities.APIVersions.Has "management.cattle.io/v3/GlobalRole") }}true{{ end }}
{{- end }}

{{- define "drover.createsUiPlugin" -}}
{{- if and .Values.uiPlugin.enabled (eq .Values.authMode "rancher") (.Capabilities.APIVersions.Has "catalog.cattle.io/v1/UIPlugin") }}true{{ end }}
{{- end }}

{{/* Mounts both parts share: their configuration file, the MCP token and (rancher mode) Rancher's CA. */}}
{{- define "drover.sharedMounts" -}}
- {name: config, mountPath: {{ include "drover.paths.config" . }}, readOnly: true}
- {name: mcp-token, mountPath: {{ include "drover.paths.mcpToken" . }}, readOnly: true}
{{- if and (eq .Values.authMode "rancher") .Values.rancher.caSecret.name }}
- {name: rancher-ca, mountPath: {{ include "drover.paths.rancherCa" . }}, readOnly: true}
{{- end }}
{{- end }}

{{/* The volumes behind drover.sharedMounts; call with (dict "root" $ "configMap" <name>). */}}
{{- define "drover.sharedVolumes" -}}
- name: config
  configMap: {name: {{ .configMap }}}
- name: mcp-token
  secret: {secretName: {{ include "drover.mcp" .root }}-token, defaultMode: 0400}
{{- with .root.Values }}
{{- if and (eq .authMode "rancher") .rancher.caSecret.name }}
- name: rancher-ca
  secret:
    secretName: {{ .rancher.caSecret.name }}
    items: [{key: {{ .rancher.caSecret.key }}, path: ca.crt}]
{{- end }}
{{- end }}
{{- end }}
