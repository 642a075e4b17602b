{{/*
sisbridge chart helpers. Every template ranges over the components defined here, so the four
Deployments, their Services, autoscalers and disruption budgets are one template per kind.
*/}}

{{/* The deployables: the chart's component key → image/target name, port, role, task queue. */}}
{{- define "sisbridge.componentSpecs" -}}
sifIngest: { name: sif-ingest, port: 3001, portEnv: PORT, role: service, taskQueue: sif-ingest, entry: services/sif-ingest/dist/main.js, migrate: services/sif-ingest/dist/migrate.js }
canvasProvisioner: { name: canvas-provisioner, port: 3002, portEnv: PORT, role: service, taskQueue: canvas-provisioner, entry: services/canvas-provisioner/dist/main.js, migrate: services/canvas-provisioner/dist/migrate.js }
ptpGradebook: { name: ptp-gradebook, port: 3003, portEnv: PORT, role: service, taskQueue: ptp-gradebook, entry: services/ptp-gradebook/dist/main.js, migrate: services/ptp-gradebook/dist/migrate.js }
workflowWorker: { name: workflow-worker, port: 3004, portEnv: HEALTH_PORT, role: worker, taskQueue: orchestration, entry: workflows/worker/dist/main.js }
{{- end -}}

{{/*
The service settings each component reads from its environment (its config schema in
<deployable>/src/*.config.ts), set from values: variable → path under components.<key>. A null
value leaves the variable unset (the service's own default). PUBLIC_URL (ptp-gradebook) is derived
separately (sisbridge.publicUrl). sif-ingest reads none: its worker concurrency is fixed in the
service.
*/}}
{{- define "sisbridge.componentSettings" -}}
sifIngest: {}
canvasProvisioner:
  WORKER_MAX_CONCURRENT_ACTIVITIES: worker.maxConcurrentActivities
  WORKER_MAX_ACTIVITIES_PER_SECOND: worker.maxTaskQueueActivitiesPerSecond
  CANVAS_POLL_INTERVAL_MS: sisImport.pollIntervalMs
  CANVAS_UPLOAD_RECOGNITION_SECONDS: sisImport.uploadRecognitionSeconds
  GUARD_TIMEOUT_HOURS: guard.timeoutHours
ptpGradebook:
  WORKER_MAX_CONCURRENT_ACTIVITIES: worker.maxConcurrentActivities
  LTI_SESSION_MINUTES: lti.sessionMinutes
  PASSBACK_ACCEPT_TIMEOUT_SECONDS: passback.acceptTimeoutSeconds
  PASSBACK_GIVE_UP_AFTER_SECONDS: passback.giveUpAfterSeconds
workflowWorker:
  MAX_CONCURRENT_WORKFLOW_TASKS: worker.maxConcurrentWorkflowTasks
{{- end -}}

{{/* The component's service settings as env entries (null values left out). Context: dict root, key. */}}
{{- define "sisbridge.componentSettingsEnv" -}}
{{- $values := index .root.Values.components .key -}}
{{- $table := index (fromYaml (include "sisbridge.componentSettings" nil)) .key | default dict -}}
{{- range $name, $path := $table }}
{{- $value := $values }}
{{- range splitList "." $path }}
{{- if kindIs "map" $value }}{{ $value = get $value . }}{{ else }}{{ $value = "" }}{{ end }}
{{- end }}
{{- if not (or (kindIs "invalid" $value) (eq (toString $value) "")) }}
- { name: {{ $name }}, value: {{ $value | toString | quote }} }
{{- end }}
{{- end }}
{{- end -}}

{{/*
Variables the chart sets in a component's container from values: refused in components.<key>.env
and .extraEnv, with the value to use instead. Context: dict root, key, spec.
*/}}
{{- define "sisbridge.managedEnv" -}}
{{- $managed := dict .spec.portEnv "the chart (the component's port)" "METRICS_PORT" "metrics.port" "NODE_OPTIONS" (printf "components.%s.nodeOptions" .key) -}}
{{- range $name, $path := index (fromYaml (include "sisbridge.componentSettings" nil)) .key | default dict -}}
{{- $_ := set $managed $name (printf "components.%s.%s" $.key $path) -}}
{{- end -}}
{{- if eq .key "ptpGradebook" -}}
{{- $_ := set $managed "PUBLIC_URL" "components.ptpGradebook.publicUrl (default: https://<ingress.canvas.host>)" -}}
{{- end -}}
{{- toYaml $managed -}}
{{- end -}}

{{/*
PUBLIC_URL of ptp-gradebook, where Canvas and browsers reach it: components.ptpGradebook.publicUrl,
else https://<ingress.canvas.host> when that Ingress is on (https even when TLS ends in front of
the Ingress: LTI 1.3 requires it), else nothing.
*/}}
{{- define "sisbridge.publicUrl" -}}
{{- $own := .Values.components.ptpGradebook.publicUrl | default "" -}}
{{- $ingress := .Values.ingress.canvas | default dict -}}
{{- if $own -}}
{{- trimSuffix "/" $own -}}
{{- else if and $ingress.enabled $ingress.host -}}
{{- printf "https://%s" $ingress.host -}}
{{- end -}}
{{- end -}}

{{/*
The secrets a district's config names, as a YAML list of {kind, setting, env}: kind is the key of
districtSecretKeys and districtSecretAccess. Context: the district's config.
*/}}
{{- define "sisbridge.districtSecretRefs" -}}
- { kind: canvasToken, setting: canvas.tokenEnv, env: {{ .canvas.tokenEnv | quote }} }
{{- with .ptp }}
- { kind: ptpClientId, setting: ptp.clientIdEnv, env: {{ .clientIdEnv | quote }} }
- { kind: ptpClientSecret, setting: ptp.clientSecretEnv, env: {{ .clientSecretEnv | quote }} }
{{- end }}
{{- with .api }}
{{- with .bearerTokenEnv }}
- { kind: passbackBearerToken, setting: api.bearerTokenEnv, env: {{ . | quote }} }
{{- end }}
{{- with .hmacSecretEnv }}
- { kind: passbackHmacSecret, setting: api.hmacSecretEnv, env: {{ . | quote }} }
{{- end }}
{{- end }}
{{- with .lti }}
- { kind: ltiToolPrivateKey, setting: lti.toolPrivateKeyEnv, env: {{ .toolPrivateKeyEnv | quote }} }
{{- end }}
{{- with .sif }}{{- with .push }}{{- with .secretEnv }}
- { kind: sifPushSecret, setting: sif.push.secretEnv, env: {{ . | quote }} }
{{- end }}{{- end }}{{- end }}
{{- end -}}

{{/* The TCP port of a URL: its own, else 80 for http and 443 otherwise. */}}
{{- define "sisbridge.urlPort" -}}
{{- $url := urlParse . -}}
{{- $explicit := regexFind ":[0-9]+$" $url.host -}}
{{- if $explicit }}{{ trimPrefix ":" $explicit }}{{ else if eq $url.scheme "http" }}80{{ else }}443{{ end -}}
{{- end -}}

{{/* A container name for a CLI command: ["schedules", "apply"] → schedules-apply. */}}
{{- define "sisbridge.commandName" -}}
{{- regexReplaceAll "[^a-z0-9]+" (join "-" . | lower) "-" | trunc 50 | trimAll "-" -}}
{{- end -}}

{{/* The CLI's entry in every image. */}}
{{- define "sisbridge.cliEntry" -}}tools/cli/dist/main.js{{- end -}}

{{- define "sisbridge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sisbridge.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "<fullname>-<suffix>", at most 63 characters (a DNS label, as Service names must be). */}}
{{- define "sisbridge.resourceName" -}}
{{- printf "%s-%s" (include "sisbridge.fullname" .root) .suffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sisbridge.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "sisbridge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sisbridge
{{- end -}}

{{/* Selector labels of one component. Context: dict root, spec. */}}
{{- define "sisbridge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sisbridge.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .spec.name }}
{{- end -}}

{{- define "sisbridge.componentLabels" -}}
{{ include "sisbridge.labels" .root }}
app.kubernetes.io/component: {{ .spec.name }}
{{- end -}}

{{- define "sisbridge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sisbridge.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The ServiceAccount of the hook Jobs: a hook itself when the chart creates accounts (hooks run before the release's own objects exist). */}}
{{- define "sisbridge.hookServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- include "sisbridge.resourceName" (dict "root" . "suffix" "hooks") -}}
{{- else -}}
{{- include "sisbridge.serviceAccountName" . -}}
{{- end -}}
{{- end -}}

{{/* Image of a component. Context: dict root, key, spec. */}}
{{- define "sisbridge.image" -}}
{{- $values := .root.Values -}}
{{- $own := (index $values.components .key).image | default dict -}}
{{- $repository := $own.repository -}}
{{- if not $repository -}}
{{- $repository = printf "%s/%s" $values.image.repository .spec.name -}}
{{- if $values.image.registry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" $values.image.registry) $repository -}}
{{- end -}}
{{- end -}}
{{- if $own.digest -}}
{{- printf "%s@%s" $repository $own.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (toString ($own.tag | default $values.image.tag | default .root.Chart.AppVersion)) -}}
{{- end -}}
{{- end -}}

{{/* Paths inside the pods. */}}
{{- define "sisbridge.configDir" -}}/etc/sisbridge/config{{- end -}}
{{- define "sisbridge.tlsDir" -}}/etc/sisbridge/temporal-tls{{- end -}}

{{/*
Plain (non-secret) environment shared by every process: the <fullname>-env ConfigMap of the
Deployments, and inline in the hook Jobs (which run before that ConfigMap exists on a first install).
*/}}
{{- define "sisbridge.sharedEnv" -}}
TEMPORAL_ADDRESS: {{ .Values.temporal.address | quote }}
TEMPORAL_NAMESPACE: {{ .Values.temporal.namespace | quote }}
TEMPORAL_CONNECT_TIMEOUT_SECONDS: {{ .Values.temporal.connectTimeoutSeconds | toString | quote }}
{{- with .Values.temporal.mtls }}
{{- if .secretName }}
TEMPORAL_TLS_CERT_FILE: {{ printf "%s/tls.crt" (include "sisbridge.tlsDir" $) | quote }}
TEMPORAL_TLS_KEY_FILE: {{ printf "%s/tls.key" (include "sisbridge.tlsDir" $) | quote }}
{{- if .caKey }}
TEMPORAL_TLS_CA_FILE: {{ printf "%s/ca.crt" (include "sisbridge.tlsDir" $) | quote }}
{{- end }}
{{- if .serverName }}
TEMPORAL_TLS_SERVER_NAME: {{ .serverName | quote }}
{{- end }}
{{- end }}
{{- end }}
DATABASE_POOL_SIZE: {{ .Values.database.poolSize | toString | quote }}
DATABASE_CONNECT_TIMEOUT_SECONDS: {{ .Values.database.connectTimeoutSeconds | toString | quote }}
RUN_MIGRATIONS_ON_START: "false"
LOG_LEVEL: {{ .Values.logLevel | quote }}
SHUTDOWN_GRACE_SECONDS: {{ .Values.shutdownGraceSeconds | toString | quote }}
{{- if .Values.districts }}
DISTRICTS_FILE: {{ printf "%s/districts.yaml" (include "sisbridge.configDir" .) | quote }}
{{- end }}
{{- end -}}

{{/* The districts file: every district's `config`, as given. */}}
{{- define "sisbridge.districtsFile" -}}
{{- $configs := list -}}
{{- range .Values.districts -}}
{{- $configs = append $configs .config -}}
{{- end -}}
{{- toYaml (dict "districts" $configs) -}}
{{- end -}}

{{/* Rolls the pods when the plain configuration changes. */}}
{{- define "sisbridge.configChecksum" -}}
{{- printf "%s\n---\n%s" (include "sisbridge.sharedEnv" .) (include "sisbridge.districtsFile" .) | sha256sum -}}
{{- end -}}

{{/* A secretKeyRef env entry. Context: dict name, secret, key. */}}
{{- define "sisbridge.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | quote }}
      key: {{ .key | quote }}
{{- end -}}

{{/* DATABASE_URL of a component (or the migrations). Context: dict root, key, migrations (bool). */}}
{{- define "sisbridge.databaseUrlEnv" -}}
{{- $values := .root.Values -}}
{{- $ref := $values.database.urlSecret -}}
{{- $own := (index $values.components .key).databaseUrlSecret | default dict -}}
{{- if $own.name }}{{ $ref = $own }}{{ end -}}
{{- if and .migrations $values.migrations.databaseUrlSecret.name }}{{ $ref = $values.migrations.databaseUrlSecret }}{{ end -}}
{{- include "sisbridge.secretEnv" (dict "name" "DATABASE_URL" "secret" (required "database.urlSecret.name must name the Secret with DATABASE_URL" $ref.name) "key" ($ref.key | default "url")) -}}
{{- end -}}

{{/* TEMPORAL_API_KEY, when Temporal Cloud is reached with an API key. */}}
{{- define "sisbridge.temporalSecretEnv" -}}
{{- with .Values.temporal.apiKey -}}
{{- if .secretName -}}
{{ include "sisbridge.secretEnv" (dict "name" "TEMPORAL_API_KEY" "secret" .secretName "key" .key) }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The district secrets a component may read (districtSecretAccess). Context: dict root, key. */}}
{{- define "sisbridge.districtSecretEnv" -}}
{{- $key := .key -}}
{{- $values := .root.Values -}}
{{- range $district := $values.districts -}}
{{- range $ref := fromYamlArray (include "sisbridge.districtSecretRefs" $district.config) -}}
{{- if has $key (get $values.districtSecretAccess $ref.kind | default list) }}
{{ include "sisbridge.secretEnv" (dict "name" $ref.env "secret" $district.secretName "key" (get $values.districtSecretKeys $ref.kind)) }}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Volumes: /tmp (the root filesystem is read-only), the districts file (when there are districts and
a ConfigMap name is given), the Temporal client certificate (when mTLS is on and tls is true).
Context: dict root, configMap (name or ""), tls (bool).
*/}}
{{- define "sisbridge.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- if and .root.Values.districts .configMap }}
- name: config
  configMap:
    name: {{ .configMap }}
{{- end }}
{{- if and .tls .root.Values.temporal.mtls.secretName }}
{{- with .root.Values.temporal.mtls }}
- name: temporal-tls
  secret:
    secretName: {{ .secretName | quote }}
    defaultMode: 0440
    items:
      - { key: {{ .certKey | quote }}, path: tls.crt }
      - { key: {{ .keyKey | quote }}, path: tls.key }
      {{- if .caKey }}
      - { key: {{ .caKey | quote }}, path: ca.crt }
      {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "sisbridge.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .root.Values.districts .configMap }}
- name: config
  mountPath: {{ include "sisbridge.configDir" .root }}
  readOnly: true
{{- end }}
{{- if and .tls .root.Values.temporal.mtls.secretName }}
- name: temporal-tls
  mountPath: {{ include "sisbridge.tlsDir" .root }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* The container of a hook Job. Context: dict root, name, image, command (list), env (YAML list text), mounts (YAML list text), resources. */}}
{{- define "sisbridge.jobContainer" -}}
- name: {{ .name }}
  image: {{ .image | quote }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  command: {{ toJson .command }}
  env:
    {{- .env | nindent 4 }}
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    {{- toYaml .root.Values.containerSecurityContext | nindent 4 }}
  volumeMounts:
    {{- .mounts | nindent 4 }}
{{- end -}}

{{/* The shared plain environment as an env list (the hook Jobs cannot use the ConfigMap). */}}
{{- define "sisbridge.sharedEnvList" -}}
{{- range $name, $value := fromYaml (include "sisbridge.sharedEnv" .) }}
- { name: {{ $name }}, value: {{ $value | toString | quote }} }
{{- end }}
{{- end -}}

{{/* Settings of a hook Job's pod. Context: root. */}}
{{- define "sisbridge.hookPodSpec" -}}
restartPolicy: Never
serviceAccountName: {{ include "sisbridge.hookServiceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* Names that carry secrets; such variables must come from a Secret, never a plain value. */}}
{{- define "sisbridge.secretNamePattern" -}}(?i)(token|secret|passw(or)?d|api_?key|private_?key|credential|database_url){{- end -}}

{{/* Values that look like secrets: a Canvas access token, a URL with a password, a PEM key. */}}
{{- define "sisbridge.secretValuePattern" -}}(^[0-9]+~[A-Za-z0-9]{20,}$)|(^[a-z][a-z0-9+.-]*://[^/@:\s]+:[^/@\s]+@)|(-----BEGIN [A-Z ]*PRIVATE KEY-----){{- end -}}

{{/* Fails on secret-looking keys (other than …Env references) or values anywhere in a tree. Context: dict path, value. */}}
{{- define "sisbridge.assertNoInlineSecrets" -}}
{{- $path := .path -}}
{{- if kindIs "map" .value -}}
{{- range $key, $value := .value -}}
{{- if and (regexMatch (include "sisbridge.secretNamePattern" nil) $key) (not (hasSuffix "Env" $key)) -}}
{{- fail (printf "%s.%s looks like a secret: put it in a Kubernetes Secret and name the environment variable that carries it (e.g. canvas.tokenEnv), see districtSecretKeys" $path $key) -}}
{{- end -}}
{{- include "sisbridge.assertNoInlineSecrets" (dict "path" (printf "%s.%s" $path $key) "value" $value) -}}
{{- end -}}
{{- else if kindIs "slice" .value -}}
{{- range $index, $value := .value -}}
{{- include "sisbridge.assertNoInlineSecrets" (dict "path" (printf "%s[%d]" $path $index) "value" $value) -}}
{{- end -}}
{{- else if kindIs "string" .value -}}
{{- if regexMatch (include "sisbridge.secretValuePattern" nil) .value -}}
{{- fail (printf "%s holds what looks like a secret value: put it in a Kubernetes Secret and reference it" $path) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Checks what the JSON schema cannot express; renders nothing. */}}
{{- define "sisbridge.validate" -}}
{{- $values := .Values -}}
{{- $ids := dict -}}
{{- $envNames := dict -}}
{{- $withLti := list -}}
{{- range $index, $district := $values.districts -}}
{{- $where := printf "districts[%d]" $index -}}
{{- $config := $district.config -}}
{{- if hasKey $ids $config.id -}}
{{- fail (printf "%s.config.id %q is used by two districts" $where $config.id) -}}
{{- end -}}
{{- $_ := set $ids $config.id true -}}
{{- include "sisbridge.assertNoInlineSecrets" (dict "path" (printf "%s.config" $where) "value" $config) -}}
{{- range $ref := fromYamlArray (include "sisbridge.districtSecretRefs" $config) -}}
{{- if hasKey $envNames $ref.env -}}
{{- fail (printf "%s.config.%s: the environment variable %s is already named by %s; each secret needs its own variable" $where $ref.setting $ref.env (get $envNames $ref.env)) -}}
{{- end -}}
{{- $_ := set $envNames $ref.env (printf "%s.config.%s" $where $ref.setting) -}}
{{- end -}}
{{- if $config.lti -}}
{{- $withLti = append $withLti $config.id -}}
{{- end -}}
{{- end -}}
{{- if and $withLti (not (include "sisbridge.publicUrl" .)) -}}
{{- fail (printf "districts %s have an LTI tool (lti), so ptp-gradebook needs PUBLIC_URL, the https:// address Canvas and browsers reach it at: enable ingress.canvas (PUBLIC_URL is then https://<ingress.canvas.host>) or set components.ptpGradebook.publicUrl" (join ", " $withLti)) -}}
{{- end -}}
{{- with $values.components.ptpGradebook.publicUrl -}}
{{- include "sisbridge.assertNoInlineSecrets" (dict "path" "components.ptpGradebook.publicUrl" "value" .) -}}
{{- end -}}
{{- $specs := fromYaml (include "sisbridge.componentSpecs" .) -}}
{{- range $key, $component := $values.components -}}
{{- $managed := fromYaml (include "sisbridge.managedEnv" (dict "root" $ "key" $key "spec" (index $specs $key))) -}}
{{- range $name, $value := $component.env -}}
{{- if hasKey $managed $name -}}
{{- fail (printf "components.%s.env.%s is set by the chart: use %s" $key $name (get $managed $name)) -}}
{{- end -}}
{{- if regexMatch (include "sisbridge.secretNamePattern" nil) $name -}}
{{- fail (printf "components.%s.env.%s looks like a secret: reference a Kubernetes Secret in components.%s.extraEnv (valueFrom.secretKeyRef)" $key $name $key) -}}
{{- end -}}
{{- include "sisbridge.assertNoInlineSecrets" (dict "path" (printf "components.%s.env.%s" $key $name) "value" (toString $value)) -}}
{{- end -}}
{{- range $index, $entry := $component.extraEnv -}}
{{- if hasKey $managed $entry.name -}}
{{- fail (printf "components.%s.extraEnv[%d] (%s) is set by the chart: use %s" $key $index $entry.name (get $managed $entry.name)) -}}
{{- end -}}
{{- if and (hasKey $entry "value") (regexMatch (include "sisbridge.secretNamePattern" nil) $entry.name) -}}
{{- fail (printf "components.%s.extraEnv[%d] (%s) looks like a secret but has a plain value: use valueFrom.secretKeyRef" $key $index $entry.name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $setup := $values.temporalSetup -}}
{{- range $index, $command := $setup.extraCommands -}}
{{- if and (eq (first $command) "schedules") (not $values.districts) -}}
{{- fail (printf "temporalSetup.extraCommands runs `sisbridge %s`, which needs at least one entry in districts" (join " " $command)) -}}
{{- end -}}
{{- if and $setup.applySchedules $values.districts (ge (len $command) 2) (eq (first $command) "schedules") (eq (index $command 1) "apply") -}}
{{- fail (printf "temporalSetup.extraCommands[%d] runs `sisbridge %s`, which the setup Job already runs (temporalSetup.applySchedules): remove it (temporalSetup.pruneSchedules adds --prune)" $index (join " " $command)) -}}
{{- end -}}
{{- end -}}
{{- if and $values.networkPolicy.enabled $values.metrics.serviceMonitor.enabled (not $values.networkPolicy.metricsPeers) -}}
{{- fail "metrics.serviceMonitor is enabled but networkPolicy.metricsPeers is empty: the NetworkPolicies would let no one reach the metrics port; name Prometheus's pods (e.g. its namespace) in networkPolicy.metricsPeers" -}}
{{- end -}}
{{- range $kind, $ingress := $values.ingress -}}
{{- if and $ingress.enabled (not $ingress.host) -}}
{{- fail (printf "ingress.%s.host is required when ingress.%s.enabled is true" $kind $kind) -}}
{{- end -}}
{{- end -}}
{{- end -}}
