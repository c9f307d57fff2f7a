import * as pulumi from "@pulumi/pulumi";
import { imageTag } from "./labels";
import { Problems, checkRequired, known, show } from "./validation";

/**
 * Checks that an image, when given and known, is non-empty and pinned to a tag other than `latest` or to a digest
 * (the policy pack rejects unpinned images).
 */
export function checkPinnedImage(problems: Problems, field: string, image: pulumi.Input<string> | undefined): void {
    if (image === undefined) {
        return;
    }
    const value = known(image);
    if (value === "" || value === null) {
        checkRequired(
            problems,
            field,
            value,
            `give a pinned image such as "alpine:3.20", or leave ${field} out for the default`,
        );
        return;
    }
    if (typeof value === "string" && !value.includes("@")) {
        const tag = imageTag(value);
        if (tag === undefined || tag === "latest") {
            problems.add(
                field,
                `${field} must be pinned to a version tag or digest, not ${tag === undefined ? "untagged" : '":latest"'} (got ${show(value)}); for example "${value.replace(/:latest$/, "")}:1.2.3"`,
            );
        }
    }
}
