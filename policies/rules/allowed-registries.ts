import { configStrings } from "../lib/config";
import { parseImage } from "../lib/images";
import { eachContainer, containerFinding } from "../lib/rulekit";
import { JsonObject, isUnknown, str } from "../lib/values";
import { ResourceRule } from "../types";

/** Config of `allowed-registries`. */
export interface AllowedRegistriesConfig {
    /**
     * Allowed image prefixes, as `registry[/path]` (`ghcr.io/acme`, `docker.io/library`, `quay.io/prometheus`).
     * Empty: the rule checks nothing.
     */
    readonly registries: readonly string[];
}

function allowed(image: string, registries: readonly string[]): boolean {
    const ref = parseImage(image);
    const full = `${ref.registry}/${ref.repository}`;
    return registries.some((prefix) => {
        const p = prefix.replace(/\/+$/, "");
        return full === p || full.startsWith(`${p}/`);
    });
}

/** `allowed-registries`: images come only from configured registries. Does nothing until configured. */
export const allowedRegistries: ResourceRule<AllowedRegistriesConfig> = {
    scope: "resource",
    name: "allowed-registries",
    description: "Container images must come from the configured registries (inactive until `registries` is set).",
    remediation:
        "Mirror the image into an allowed registry and reference it from there, or add the registry to the policy's registries list.",
    defaultLevel: "mandatory",
    configSchema: {
        registries: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Allowed image prefixes: registry host plus optional path (docker.io/library, ghcr.io/acme). Empty disables the rule.",
        },
    },
    parseConfig: (raw: JsonObject) => ({ registries: configStrings(raw, "registries", []) }),
    check: (o, config) =>
        config.registries.length === 0
            ? []
            : eachContainer(o, (ref, _pod, out) => {
                  const raw: unknown = ref.container.image;
                  const image = str(raw);
                  if (isUnknown(raw) || image === undefined || image.trim() === "") {
                      return;
                  }
                  if (!allowed(image, config.registries)) {
                      out.push(
                          containerFinding(
                              ref,
                              `image "${image}" is not from an allowed registry (${config.registries.join(", ")})`,
                          ),
                      );
                  }
              }),
};
