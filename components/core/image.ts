import * as pulumi from "@pulumi/pulumi";
import { imageTag } from "./labels";
import { checkStringInput } from "./k8sRules";
import { Problems, checkRequired, known, show } from "./validation";

/**
 * Checks a required image: present, and a string or an Output of one (`image: 123` is reported, not rendered).
 * @param example a pinned image for the message, for example "myapp:v1.0.0"
 */
export function checkImage(problems: Problems, field: string, image: unknown, example: string): void {
    checkRequired(problems, field, image, `give a pinned image such as "${example}"`);
    checkStringInput(problems, field, image, example);
}

/**
 * Checks that an image, when given and known, is non-empty and pinned to a tag other than `latest` or to a digest
 * (the policy pack rejects unpinned images).
 */
export function checkPinnedImage(problems: Problems, field: string, image: pulumi.Input<string> | undefined): void {
    if (image === undefined) {
        return;
    }
    const value = known(image);
    if (value !== null && value !== undefined && typeof value !== "string") {
        checkStringInput(problems, field, value, "alpine:3.20");
        return;
    }
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
