/** `host-path-restricted`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0, podSpec } from "./kit";

ruleSuite("host-path-restricted", {
    passing: [
        {
            name: "allowed path mounted read-only",
            config: { allowedHostPaths: ["/var/log"] },
            objects: () =>
                changed(D(), (d) => {
                    podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log/pods" } }];
                    c0(d).volumeMounts = [{ name: "logs", mountPath: "/logs", readOnly: true }];
                }),
        },
    ],
    failing: [
        {
            name: "hostPath not allowed",
            objects: () =>
                changed(D(), (d) => (podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log" } }])),
            message: "not on allowedHostPaths",
        },
        {
            name: "allowed path mounted read-write",
            config: { allowedHostPaths: ["/var/log"] },
            objects: () =>
                changed(D(), (d) => {
                    podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log/pods" } }];
                    c0(d).volumeMounts = [{ name: "logs", mountPath: "/logs" }];
                }),
            message: "read-write",
        },
        {
            name: "runtime socket even when allowed",
            config: { allowedHostPaths: ["/"] },
            objects: () =>
                changed(
                    D(),
                    (d) => (podSpec(d).volumes = [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }]),
                ),
            message: "container-runtime socket",
        },
        {
            name: "containerd socket dir",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (podSpec(d).volumes = [
                            { name: "sock", hostPath: { path: "/run/containerd/containerd.sock" } },
                        ]),
                ),
            message: "socket",
        },
    ],
});
