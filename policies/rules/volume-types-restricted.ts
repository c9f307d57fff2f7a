import { ruleSettings, stringListSetting } from "../lib/config";
import { configurablePodRule } from "../lib/rulekit";
import { isUnknown, objects, str } from "../lib/values";
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

const SETTINGS = ruleSettings({
    allowedVolumeTypes: stringListSetting("The volume types pods may use.", RESTRICTED_VOLUME_TYPES),
});

/**
 * `volume-types-restricted`: pod volumes use only the restricted profile's volume types (configMap, csi,
 * downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).
 */
export const volumeTypesRestricted: ResourceRule<VolumeTypesConfig> = configurablePodRule(
    "volume-types-restricted",
    SETTINGS,
    (pod, out, config) => {
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
    },
);
