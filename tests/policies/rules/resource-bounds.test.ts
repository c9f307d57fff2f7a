/** `resource-bounds`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0 } from "./kit";

ruleSuite("resource-bounds", {
    failing: [
        {
            name: "cpu request over max",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "6", memory: "1Gi" },
                            limits: { cpu: "7", memory: "1Gi" },
                        }),
                ),
            message: "maxCpuRequest",
        },
        {
            name: "memory limit over max",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "1", memory: "8Gi" },
                            limits: { cpu: "1", memory: "20Gi" },
                        }),
                ),
            message: "maxMemoryLimit",
        },
        {
            name: "limit below request",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "1", memory: "1Gi" },
                            limits: { cpu: "500m", memory: "1Gi" },
                        }),
                ),
            message: "below",
        },
        {
            name: "ratio",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).resources = {
                            requests: { cpu: "100m", memory: "64Mi" },
                            limits: { cpu: "200m", memory: "1Gi" },
                        }),
                ),
            message: "ratio",
        },
        {
            name: "invalid quantity",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).resources = { requests: { cpu: "lots", memory: "1Gi" }, limits: { memory: "1Gi" } }),
                ),
            message: "not a valid quantity",
        },
        {
            name: "configured max",
            objects: () => D(),
            config: { maxMemoryLimit: "128Mi" },
            message: "maxMemoryLimit 128Mi",
        },
    ],
});
