/**
 * The rule catalog: what every rule of the pack says about itself (its level in the baseline preset, what it
 * requires, how to fix a violation), in one table keyed by rule name, so the compiler proves that every name of
 * RULE_NAMES has exactly one entry. The rule factories of `lib/rulekit.ts` read it; the rule files hold only the
 * checks and their settings.
 */
import { RuleName } from "../contract/rules";
import { RuleMetadata } from "./types";

/** Every rule's metadata, in the order of RULE_NAMES. */
export const RULE_CATALOG: Readonly<Record<RuleName, RuleMetadata>> = {
    "readiness-probe-required": {
        defaultLevel: "mandatory",
        description: "Containers of long-running workloads must define a readinessProbe.",
        remediation:
            "Add a readinessProbe (httpGet on a health endpoint, tcpSocket, exec or grpc) so that Services only route to ready pods.",
    },
    "liveness-probe-required": {
        defaultLevel: "mandatory",
        description: "Containers of long-running workloads must define a livenessProbe.",
        remediation:
            "Add a livenessProbe that fails only when the process is wedged (not when a dependency is down), with a longer period than the readinessProbe.",
    },
    "probe-sanity": {
        defaultLevel: "advisory",
        description:
            "Probes must be sane: liveness differs from readiness, timeoutSeconds < periodSeconds, named ports exist, no host field.",
        remediation:
            "Give the livenessProbe a longer period/threshold than the readinessProbe (or a different endpoint), keep timeoutSeconds below periodSeconds, use a declared port name, and drop the host field.",
    },
    "resource-requests-required": {
        defaultLevel: "mandatory",
        description: "Every container and init container must request cpu and memory.",
        remediation:
            'Set resources.requests.cpu and resources.requests.memory (for example cpu "100m", memory "128Mi") from observed usage.',
    },
    "memory-limit-required": {
        defaultLevel: "mandatory",
        description: "Every container and init container must set a memory limit.",
        remediation:
            "Set resources.limits.memory (typically 1-2x the memory request) so that a leak kills one container, not the node.",
    },
    "cpu-limit": {
        defaultLevel: "advisory",
        description: "CPU limits follow the configured mode: require (default), forbid or ignore.",
        remediation:
            'mode "require": set resources.limits.cpu (for example 2x the request). mode "forbid": remove resources.limits.cpu and size the cpu request instead.',
    },
    "resource-bounds": {
        defaultLevel: "advisory",
        description:
            "Requests and limits stay within configured maximums, limits are not below requests, and limit/request ratios are bounded.",
        remediation:
            "Lower the request or limit below the configured maximum (or split the workload); keep limits >= requests and within maxLimitRequestRatio of them.",
    },
    "image-tag-pinned": {
        defaultLevel: "mandatory",
        description: "Every container image must be pinned: a tag other than latest, or a digest.",
        remediation:
            'Pin the image to a release tag (nginx:1.27.3) or, better, a digest (nginx@sha256:...); never ":latest".',
    },
    "allowed-registries": {
        defaultLevel: "mandatory",
        description: "Container images must come from the configured registries (inactive until `registries` is set).",
        remediation:
            "Mirror the image into an allowed registry and reference it from there, or add the registry to the policy's registries list.",
    },
    "no-privileged": {
        defaultLevel: "mandatory",
        description: "Containers must not run privileged.",
        remediation:
            "Remove securityContext.privileged (or set it false); grant only the specific capability or hostPath the container needs.",
    },
    "no-host-namespaces": {
        defaultLevel: "mandatory",
        description: "Pods must not use the host's PID, IPC or network namespace (hostPID, hostIPC, hostNetwork).",
        remediation:
            'Remove hostPID/hostIPC/hostNetwork. Node agents that truly need them carry an explicit exemption: annotations k8s-workloads.io/exempt: "no-host-namespaces" and k8s-workloads.io/exempt-reason.',
    },
    "host-path-restricted": {
        defaultLevel: "mandatory",
        description:
            "hostPath volumes only on allow-listed paths, mounted read-only; never the container-runtime socket.",
        remediation:
            "Use a PersistentVolumeClaim, emptyDir or projected volume. If a node agent needs a host path, add it to allowedHostPaths (read-only) or exempt the resource with a reason; never mount the runtime socket.",
    },
    "host-ports-restricted": {
        defaultLevel: "advisory",
        description: "Containers may bind host ports only from the allowedHostPorts list.",
        remediation:
            "Remove hostPort and expose the port through a Service; node agents that need a host port list it in allowedHostPorts or carry an exemption with a reason.",
    },
    "no-privilege-escalation": {
        defaultLevel: "mandatory",
        description: "Containers must set securityContext.allowPrivilegeEscalation: false.",
        remediation:
            "Set securityContext.allowPrivilegeEscalation: false on every container (the remediate level does it for you).",
    },
    "capabilities-restricted": {
        defaultLevel: "mandatory",
        description: "Containers must drop ALL capabilities and add back only allow-listed ones.",
        remediation:
            'Set securityContext.capabilities.drop: ["ALL"] (the remediate level does it) and add back only what is needed, e.g. NET_BIND_SERVICE.',
    },
    "seccomp-required": {
        defaultLevel: "advisory",
        description: "Pods or containers must set seccompProfile.type RuntimeDefault or Localhost.",
        remediation:
            "Set spec.securityContext.seccompProfile: {type: RuntimeDefault} on the pod (the remediate level does it) and remove any Unconfined profile.",
    },
    "run-as-non-root": {
        defaultLevel: "advisory",
        description: "Containers must run as non-root: runAsNonRoot true (pod or container) and never runAsUser 0.",
        remediation:
            "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image has no numeric USER) on the pod or container.",
    },
    "read-only-root-filesystem": {
        defaultLevel: "advisory",
        description: "Containers should set securityContext.readOnlyRootFilesystem: true.",
        remediation:
            "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir for the paths the process writes (/tmp, caches).",
    },
    "no-plaintext-secrets": {
        defaultLevel: "mandatory",
        description:
            "No literal values for secret-like env names, and no env switches that disable authentication (MYSQL_ALLOW_EMPTY_PASSWORD, ...).",
        remediation:
            "Store the value in a Secret and reference it with env[].valueFrom.secretKeyRef (or envFrom.secretRef); set a real password instead of allowing an empty one.",
    },
    "unsafe-pod-options": {
        defaultLevel: "mandatory",
        description:
            "No unsafe sysctls, Unmasked procMount, custom SELinux options, Unconfined AppArmor or hostProcess (Pod Security baseline).",
        remediation:
            "Remove the unsafe setting; safe sysctls only, procMount Default, the runtime's default SELinux/AppArmor profiles.",
    },
    "selector-matches-template": {
        defaultLevel: "mandatory",
        description: "A controller's selector must be set, not empty, and match its pod template's labels.",
        remediation:
            "Make spec.selector.matchLabels a subset of spec.template.metadata.labels (for example the app and instance labels).",
    },
    "rollout-parameters-valid": {
        defaultLevel: "mandatory",
        description:
            "Rolling-update parameters must let a rollout progress without taking every pod down (Deployments, StatefulSets, DaemonSets).",
        remediation:
            "Use e.g. maxSurge 25% / maxUnavailable 0 or 1 (below replicas), a StatefulSet partition no higher than replicas, and a DaemonSet maxUnavailable of 1 or a small percentage.",
    },
    "min-replicas": {
        defaultLevel: "advisory",
        description:
            "Deployments and StatefulSets (and HPAs) keep at least minReplicas pods; canary/variant Deployments and HPA targets are skipped.",
        remediation:
            "Raise spec.replicas (or the HPA's minReplicas) to at least minReplicas so one node loss is not an outage.",
    },
    "pdb-required": {
        defaultLevel: "advisory",
        description:
            "Replicated Deployments and StatefulSets need a PodDisruptionBudget; a PDB that blocks every eviction is a mandatory violation.",
        remediation:
            "Add a PodDisruptionBudget selecting the pods with maxUnavailable 1 (or minAvailable below the replica count); never maxUnavailable 0 or minAvailable 100%.",
    },
    "batch-limits": {
        defaultLevel: "advisory",
        description:
            "Jobs set backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished; CronJobs set concurrencyPolicy, startingDeadlineSeconds and history limits.",
        remediation:
            "Set backoffLimit (e.g. 3), activeDeadlineSeconds, ttlSecondsAfterFinished on Jobs; on CronJobs concurrencyPolicy Forbid or Replace, startingDeadlineSeconds, successfulJobsHistoryLimit and failedJobsHistoryLimit.",
    },
    "progressive-delivery-consistency": {
        defaultLevel: "mandatory",
        description:
            "Blue-green Services select exactly one existing color; canary weights stay within the environment's maximum; variants share probes and resources.",
        remediation:
            "Point the live Service at one color (selector version: blue|green) that is deployed; lower the canary weight to the maximum; give every variant the same probes and resources.",
    },
    "service-targets-workload": {
        defaultLevel: "advisory",
        description: "A Service's selector must match the pods of a workload in the same namespace.",
        remediation:
            "Fix the Service's spec.selector so that it matches the pod template labels of the workload it fronts.",
    },
    "network-policy-required": {
        defaultLevel: "advisory",
        description: "Every workload's pods are selected by a NetworkPolicy of their namespace.",
        remediation:
            "Add a NetworkPolicy in the workload's namespace whose spec.podSelector matches its pod labels (a default-deny policy with podSelector {} plus policies allowing the traffic it needs).",
    },
    "service-account-token": {
        defaultLevel: "advisory",
        description:
            "Pods that do not call the Kubernetes API set automountServiceAccountToken: false (on the pod or its ServiceAccount).",
        remediation:
            "Set spec.automountServiceAccountToken: false in the pod template (or on its ServiceAccount); pods that do call the API set it to true explicitly.",
    },
    "volume-types-restricted": {
        defaultLevel: "advisory",
        description:
            "Pod volumes use only the Pod Security restricted volume types (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).",
        remediation:
            "Replace the volume with an allowed type (a persistentVolumeClaim instead of hostPath, nfs or a cloud disk; a projected or secret volume for credentials), or exempt the workload with a reason.",
    },
    "deprecated-api-versions": {
        defaultLevel: "mandatory",
        description: "Objects must not use API versions removed from supported Kubernetes versions.",
        remediation:
            "Change apiVersion to the replacement the message names and adapt the fields that changed with it (for apps/v1, spec.selector is required).",
    },
    "hpa-consistency": {
        defaultLevel: "advisory",
        description:
            "HPAs target an existing workload with minReplicas ≤ maxReplicas, and HPA-scaled workloads leave spec.replicas unset.",
        remediation:
            "Point spec.scaleTargetRef at the Deployment or StatefulSet in the same namespace, keep minReplicas ≤ maxReplicas, and remove spec.replicas from the scaled workload.",
    },
    "replicas-spread": {
        defaultLevel: "advisory",
        description:
            "Replicated Deployments and StatefulSets spread their pods across nodes or zones (pod anti-affinity or topologySpreadConstraints).",
        remediation:
            "Add spec.template.spec.topologySpreadConstraints with topologyKey kubernetes.io/hostname (or topology.kubernetes.io/zone) and a labelSelector matching the pods, or a preferred podAntiAffinity on the same key.",
    },
    "secret-values": {
        defaultLevel: "mandatory",
        description:
            "Env values and ConfigMap data must not hold credentials (private keys, access keys, tokens, passwords in URLs).",
        remediation:
            "Put the credential in a Secret (or an external secret store) and reference it with env[].valueFrom.secretKeyRef or a secret volume; rotate a credential that was committed.",
    },
    "sysctl-values": {
        defaultLevel: "mandatory",
        description: "Pod sysctl values must not inject further settings (+, = or newlines; CVE-2022-0811).",
        remediation:
            'Give each sysctl only its value (for example net.ipv4.ip_local_port_range: "1024 65535"); set every other sysctl as its own entry, if it is allowed at all.',
    },
    "exemption-reason-required": {
        defaultLevel: "mandatory",
        description:
            "Exemption annotations must name known rules (no blanket exemptions) and carry a k8s-workloads.io/exempt-reason.",
        remediation:
            'Add the annotation k8s-workloads.io/exempt-reason: "<why this resource needs the exemption>" and list only the rules that must be waived.',
    },
};
