import { parseImage } from "../lib/images";
import { containerFinding, containerRule, NoConfig } from "../lib/rulekit";
import { isUnknown, str } from "../lib/values";
import { ResourceRule } from "../types";

/** `image-tag-pinned`: every image names a tag other than `latest`, or a digest. */
export const imageTagPinned: ResourceRule<NoConfig> = containerRule("image-tag-pinned", {
    containers: "all",
    visit: (ref, _pod, out) => {
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
    },
});
