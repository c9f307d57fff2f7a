/** `image-tag-pinned`: its pass and fail cases. */
import { changed, goodPod } from "../helpers";
import { ruleSuite, D, c0, podSpec } from "./kit";

ruleSuite("image-tag-pinned", {
    passing: [
        {
            name: "digest without tag",
            objects: () => changed(D(), (d) => (c0(d).image = "nginx@sha256:0123456789abcdef")),
        },
    ],
    failing: [
        { name: ":latest", objects: () => changed(D(), (d) => (c0(d).image = "nginx:latest")), message: ":latest" },
        {
            name: "no tag",
            objects: () => changed(D(), (d) => (c0(d).image = "registry:5000/team/web")),
            message: "no tag",
        },
        { name: "no image", objects: () => changed(D(), (d) => delete c0(d).image) },
        {
            name: "ephemeral container",
            objects: () =>
                changed(goodPod(), (d) => (podSpec(d).ephemeralContainers = [{ name: "debug", image: "busybox" }])),
        },
    ],
});
