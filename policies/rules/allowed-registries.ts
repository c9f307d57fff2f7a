import { ruleSettings, stringListSetting } from "../lib/config";
import { parseImage } from "../lib/images";
import { ContainerRef } from "../lib/podspec";
import { configurableContainerRule, containerFinding } from "../lib/rulekit";
import { isUnknown, str } from "../lib/values";
import { Finding, ResourceRule } from "../types";

/** Config of `allowed-registries`. */
export interface AllowedRegistriesConfig {
    /**
     * Allowed image prefixes, as `registry[/path]` (`ghcr.io/acme`, `docker.io/library`, `quay.io/prometheus`).
     * Empty: the rule checks nothing.
     */
    readonly registries: readonly string[];
}

const SETTINGS = ruleSettings({
    registries: stringListSetting(
        "Allowed image prefixes: registry host plus optional path (docker.io/library, ghcr.io/acme). Empty disables the rule.",
    ),
});

function allowed(image: string, registries: readonly string[]): boolean {
    const ref = parseImage(image);
    const full = `${ref.registry}/${ref.repository}`;
    return registries.some((prefix) => {
        const p = prefix.replace(/\/+$/, "");
        return full === p || full.startsWith(`${p}/`);
    });
}

/** The finding of one container whose known image is not from an allowed registry (none while none is set). */
function checkImage(ref: ContainerRef, registries: readonly string[], out: Finding[]): void {
    const raw: unknown = ref.container.image;
    const image = str(raw);
    if (registries.length === 0 || isUnknown(raw) || image === undefined || image.trim() === "") {
        return;
    }
    if (!allowed(image, registries)) {
        out.push(containerFinding(ref, `image "${image}" is not from an allowed registry (${registries.join(", ")})`));
    }
}

/** `allowed-registries`: images come only from configured registries. Does nothing until configured. */
export const allowedRegistries: ResourceRule<AllowedRegistriesConfig> = configurableContainerRule(
    "allowed-registries",
    SETTINGS,
    { containers: "all", visit: (ref, _pod, out, config) => checkImage(ref, config.registries, out) },
);
