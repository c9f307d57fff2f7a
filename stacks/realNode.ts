import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** The label and taint key of the local cluster's real node (kubelet + containerd), `real-0`. */
export const REAL_NODE_KEY = "k8s-workloads.io/real-node";
/** The registry prefix of the images built on this machine and imported into the real node (never pulled). */
export const LOCAL_REGISTRY = "k8s-workloads.local";

/**
 * Where the web images write at run time, so that they run with the components' read-only root filesystem: the
 * public nginx-unprivileged images put the pid file and every `*_temp_path` under /tmp (their nginx.conf), and so
 * does the local web image (scripts/images/web/nginx.conf, started with `-e stderr`). Neither writes to
 * /var/cache/nginx, /var/lib/nginx or /run with these configs.
 */
export const WEB_WRITABLE_PATHS: readonly string[] = ["/tmp"];

/** The public images the web workloads run when they are not on the real node. */
const PUBLIC_IMAGES = {
    webStable: "nginxinc/nginx-unprivileged:1.27.3",
    webNext: "nginxinc/nginx-unprivileged:1.27.4",
} as const;

/** The local images that stand in for them on the real node (nginx as uid 101 on 8080, like the public ones). */
const LOCAL_IMAGES = {
    webStable: `${LOCAL_REGISTRY}/web:1.0.0`,
    webNext: `${LOCAL_REGISTRY}/web:2.0.0`,
    nodeExporter: `${LOCAL_REGISTRY}/node-exporter:1.5.0`,
} as const;

/** Where the web workloads run and which images they use. */
export interface WebPlacement {
    /** True when the stack targets the real node (config `realNode: true`). */
    readonly realNode: boolean;
    /** nodeSelector and tolerations to spread into a component's args: empty unless on the real node. */
    readonly scheduling: {
        readonly nodeSelector?: Record<string, string>;
        readonly tolerations?: k8s.types.input.core.v1.Toleration[];
    };
    /** The stable web image (api, webapp blue, shop stable, the A/B variants, the web StatefulService). */
    readonly webStable: string;
    /** The next web image (webapp green, shop canary). */
    readonly webNext: string;
    /** The node-exporter image, when the stack must replace the component's default (on the real node). */
    readonly nodeExporterImage: string | undefined;
    /** Where the web images write ({@link WEB_WRITABLE_PATHS}), for the web workloads' `writablePaths`. */
    readonly webWritablePaths: string[];
}

/**
 * Reads the `realNode` config key (default false). With it, the dev stack's web workloads (api, webapp, shop,
 * experiment, web) run on the local cluster's real node from the local web images, and node-exporter, which runs on
 * every node, uses the local node-exporter image; without it nothing changes.
 */
export function webPlacement(config: pulumi.Config): WebPlacement {
    if (config.getBoolean("realNode") !== true) {
        return {
            realNode: false,
            scheduling: {},
            ...PUBLIC_IMAGES,
            nodeExporterImage: undefined,
            webWritablePaths: [...WEB_WRITABLE_PATHS],
        };
    }
    return {
        realNode: true,
        scheduling: {
            nodeSelector: { [REAL_NODE_KEY]: "true" },
            tolerations: [{ key: REAL_NODE_KEY, operator: "Equal", value: "true", effect: "NoSchedule" }],
        },
        webStable: LOCAL_IMAGES.webStable,
        webNext: LOCAL_IMAGES.webNext,
        nodeExporterImage: LOCAL_IMAGES.nodeExporter,
        webWritablePaths: [...WEB_WRITABLE_PATHS],
    };
}
