/** `allowed-registries`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0 } from "./kit";

ruleSuite("allowed-registries", {
    passing: [
        { name: "unconfigured: nothing checked", objects: () => changed(D(), (d) => (c0(d).image = "nginx:1.27")) },
        {
            name: "docker hub official image",
            config: { registries: ["docker.io/library"] },
            objects: () => changed(D(), (d) => (c0(d).image = "nginx:1.27")),
        },
    ],
    failing: [
        {
            name: "docker hub image",
            objects: () => changed(D(), (d) => (c0(d).image = "nginx:1.27")),
            config: { registries: ["registry.example.com/team"] },
            message: "not from an allowed registry",
        },
        {
            name: "prefix must end at a path boundary",
            objects: () => D(),
            config: { registries: ["registry.example.com/te"] },
        },
    ],
});
