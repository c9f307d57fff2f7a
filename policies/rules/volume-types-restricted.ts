import { configStrings } from "../lib/config";
import { withPod } from "../lib/rulekit";
import { JsonObject, isUnknown, objects, str } from "../lib/values";
import { ResourceRule } from "../types";

/** The volume types the Pod Security Standards' restricted profile allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/** Config of `volume-types-restricted`. */
export interface VolumeTypesConfig {
    readonly allowedVolumeTypes: readonly string[];
}

/**
 * `volume-types-restricted`: pod volumes use only the restricted profile's volume types (configMap, csi,
 * downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).
 */
export const volumeTypesRestricted: ResourceRule<VolumeTypesConfig> = {
    scope: "resource",
    name: "volume-types-restricted",
    description:
        "Pod volumes use only the Pod Security restricted volume types (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).",
    remediation:
        "Replace the volume with an allowed type (a persistentVolumeClaim instead of hostPath, nfs or a cloud disk; a projected or secret volume for credentials), or exempt the workload with a reason.",
    defaultLevel: "advisory",
    configSchema: {
        allowedVolumeTypes: {
            type: "array",
            items: { type: "string" },
            default: [...RESTRICTED_VOLUME_TYPES],
            description: "The volume types pods may use.",
        },
    },
    parseConfig: (raw: JsonObject) => ({
        allowedVolumeTypes: configStrings(raw, "allowedVolumeTypes", RESTRICTED_VOLUME_TYPES),
    }),
    check: (o, config) =>
        withPod(o, (pod, out) => {
            for (const volume of objects(pod.spec.volumes)) {
                if (isUnknown(volume)) {
                    continue;
                }
                const name = str(volume.name) ?? "?";
                const types = Object.keys(volume).filter((k) => k !== "name" && !isUnknown(volume[k]));
                for (const type of types.filter((t) => !config.allowedVolumeTypes.includes(t))) {
                    out.push({
                        message: `volume "${name}" is of type ${type}, which ${pod.specPath.join(".")}.volumes may not use (allowed: ${config.allowedVolumeTypes.join(", ")}): use an allowed type such as persistentVolumeClaim`,
                    });
                }
            }
        }),
};
