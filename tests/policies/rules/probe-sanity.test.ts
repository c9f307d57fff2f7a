/** `probe-sanity`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0, podSpec } from "./kit";

ruleSuite("probe-sanity", {
    failing: [
        {
            name: "liveness identical to readiness",
            objects: () => changed(D(), (d) => (c0(d).livenessProbe = c0(d).readinessProbe)),
            message: "identical",
        },
        {
            name: "timeout >= period",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (c0(d).readinessProbe = {
                            httpGet: { path: "/ready", port: "http" },
                            periodSeconds: 5,
                            timeoutSeconds: 5,
                        }),
                ),
            message: "timeoutSeconds",
        },
        {
            name: "timeout >= default period",
            objects: () =>
                changed(D(), (d) => (c0(d).livenessProbe = { tcpSocket: { port: 8080 }, timeoutSeconds: 10 })),
            message: "periodSeconds (10)",
        },
        {
            name: "named port missing",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).readinessProbe = { httpGet: { path: "/ready", port: "metrics" }, periodSeconds: 5 }),
                ),
            message: '"metrics"',
        },
        {
            name: "host field",
            objects: () =>
                changed(
                    D(),
                    (d) => (c0(d).readinessProbe = { httpGet: { path: "/ready", port: 8080, host: "10.0.0.1" } }),
                ),
            message: "host",
        },
        {
            name: "init sidecar probe port",
            objects: () =>
                changed(
                    D(),
                    (d) =>
                        (podSpec(d).initContainers = [
                            { ...c0(d), name: "sidecar", restartPolicy: "Always", ports: [], livenessProbe: undefined },
                        ]),
                ),
            message: '"http"',
        },
    ],
});
