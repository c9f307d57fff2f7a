import { parseImage } from "../lib/images";
import { eachContainer, containerFinding, NoConfig, resourceRuleWithoutConfig } from "../lib/rulekit";
import { isUnknown, str } from "../lib/values";
import { ResourceRule } from "../types";

/** `image-tag-pinned`: every image names a tag other than `latest`, or a digest. */
export const imageTagPinned: ResourceRule<NoConfig> = resourceRuleWithoutConfig({
    name: "image-tag-pinned",
    description: "Every container image must be pinned: a tag other than latest, or a digest.",
    remediation:
        'Pin the image to a release tag (nginx:1.27.3) or, better, a digest (nginx@sha256:...); never ":latest".',
    defaultLevel: "mandatory",
    check: (o) =>
        eachContainer(o, (ref, _pod, out) => {
            const raw: unknown = ref.container.image;
            if (isUnknown(raw)) {
                return;
            }
            const image = str(raw);
            if (image === undefined || image.trim() === "") {
                out.push(containerFinding(ref, "has no image"));
                return;
            }
            const parsed = parseImage(image);
            if (parsed.digest !== undefined) {
                return;
            }
            if (parsed.tag === undefined) {
                out.push(containerFinding(ref, `image "${image}" has no tag (it means :latest)`));
            } else if (parsed.tag === "latest") {
                out.push(containerFinding(ref, `image "${image}" uses the mutable tag :latest`));
            }
        }),
});
