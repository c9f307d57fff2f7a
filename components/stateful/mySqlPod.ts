import * as k8s from "@pulumi/kubernetes";
import { ContainerInput, ProbeArgs, SecurityArgs, buildContainer } from "../core";
import { buildStatefulPodTemplate } from "./common";
import { MySqlFlavorProfile } from "./mariadbScripts";
import { INIT_MYSQL_SCRIPT, XTRABACKUP_PORT } from "./mysqlScripts";
import {
    DEFAULT_REPLICATION_PASSWORD_KEY,
    DEFAULT_REPLICATION_USER,
    DEFAULT_ROOT_PASSWORD_KEY,
    DEFAULT_MYSQL_RESOURCES,
    DEFAULT_XTRABACKUP_RESOURCES,
    MYSQL_PORT,
    MYSQL_POD_USER,
} from "./mySqlDefaults";
import { MySqlNames, flavorProfileOf } from "./mySqlSpec";
import {
    MySqlContainerNames,
    MySqlWritableDirs,
    mySqlWritableDirs,
    writableMounts,
    writableVolumes,
} from "./mySqlWritable";
import { fillTemplate } from "./templates";
import type { MySqlClusterArgs } from "./mySqlCluster";

type Container = k8s.types.input.core.v1.Container;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** The hardening of every container: the image's mysql user and a read-only root (see `mySqlWritable.ts`). */
export const MYSQL_CONTAINER_SECURITY: SecurityArgs = {
    runAsNonRoot: true,
    runAsUser: MYSQL_POD_USER.runAsUser,
    runAsGroup: MYSQL_POD_USER.runAsGroup,
    readOnlyRootFilesystem: true,
};

/** The data directory (the `data` claim) and the server's conf.d (the `conf` emptyDir init-mysql fills). */
const DATA_MOUNTS: readonly VolumeMount[] = [
    { name: "data", mountPath: "/var/lib/mysql", subPath: "mysql" },
    { name: "conf", mountPath: "/etc/mysql/conf.d" },
];

/** The container names of a MySqlCluster pod; the sidecar is named after the flavor's backup tool. */
export function mySqlContainerNames(profile: MySqlFlavorProfile): MySqlContainerNames {
    return { init: "init-mysql", clone: "clone-mysql", server: "mysql", sidecar: profile.sidecarName };
}

/** What every container of the pod is built from. */
interface MySqlPodContext {
    readonly args: MySqlClusterArgs;
    readonly profile: MySqlFlavorProfile;
    readonly names: MySqlContainerNames;
    readonly writable: MySqlWritableDirs;
    readonly image: string;
    readonly backupImage: string;
    readonly scriptValues: Readonly<Record<string, string>>;
    readonly env: Record<string, string>;
    readonly secretEnv: { name: string; secretName: string; key: string }[];
}

function mySqlPodContext(args: MySqlClusterArgs, names: MySqlNames): MySqlPodContext {
    const profile = flavorProfileOf(args);
    const image = args.image ?? profile.defaultImage;
    const containerNames = mySqlContainerNames(profile);
    return {
        args,
        profile,
        names: containerNames,
        writable: mySqlWritableDirs(containerNames, profile.serverRunDir),
        image,
        backupImage: args.xtrabackupImage ?? profile.defaultBackupImage ?? image,
        scriptValues: {
            SET: names.set,
            HEADLESS: names.headless,
            PRIMARY: `${names.set}-0.${names.headless}`,
            PORT: String(XTRABACKUP_PORT),
        },
        env: { MYSQL_REPLICATION_USER: args.replicationUser ?? DEFAULT_REPLICATION_USER },
        secretEnv: [
            {
                name: "MYSQL_ROOT_PASSWORD",
                secretName: names.secret,
                key: args.rootPasswordKey ?? DEFAULT_ROOT_PASSWORD_KEY,
            },
            {
                name: "MYSQL_REPLICATION_PASSWORD",
                secretName: names.secret,
                key: args.replicationPasswordKey ?? DEFAULT_REPLICATION_PASSWORD_KEY,
            },
        ],
    };
}

/** A container of the pod: the user's pull policy and {@link MYSQL_CONTAINER_SECURITY}, over `input`. */
function podContainer(ctx: MySqlPodContext, input: ContainerInput): Container {
    return buildContainer({ imagePullPolicy: ctx.args.imagePullPolicy, security: MYSQL_CONTAINER_SECURITY, ...input });
}

/** What the two containers of the backup tool share: its image and the `xtrabackupResources`. */
function backupToolInput(ctx: MySqlPodContext): Pick<ContainerInput, "image" | "resources" | "resourceDefaults"> {
    return {
        image: ctx.backupImage,
        resources: ctx.args.xtrabackupResources,
        resourceDefaults: DEFAULT_XTRABACKUP_RESOURCES,
    };
}

/** An exec probe running the flavor's `command`, at the given timings. */
function execProbe(command: readonly string[], timings: Omit<ProbeArgs, "type" | "command">): ProbeArgs {
    return { type: "exec", command: [...command], ...timings };
}

/** The guide's init-mysql: it writes only to the conf emptyDir (and has a /tmp like the others). */
function initMysqlContainer(ctx: MySqlPodContext): Container {
    return podContainer(ctx, {
        name: ctx.names.init,
        image: ctx.image,
        command: ["bash", "-c", INIT_MYSQL_SCRIPT],
        readinessProbe: null,
        livenessProbe: null,
        volumeMounts: [
            { name: "conf", mountPath: "/mnt/conf.d" },
            { name: "config-map", mountPath: "/mnt/config-map" },
            ...writableMounts(ctx.writable.init),
        ],
    });
}

/** clone-mysql: unpacks the previous peer's backup into the data directory and prepares it there. */
function cloneMysqlContainer(ctx: MySqlPodContext): Container {
    return podContainer(ctx, {
        name: ctx.names.clone,
        ...backupToolInput(ctx),
        command: ["bash", "-c", fillTemplate(ctx.profile.cloneScript, ctx.scriptValues)],
        readinessProbe: null,
        livenessProbe: null,
        volumeMounts: [...DATA_MOUNTS, ...writableMounts(ctx.writable.clone)],
    });
}

/** The server, with the guide's probes authenticated through the environment. */
function serverContainer(ctx: MySqlPodContext): Container {
    return podContainer(ctx, {
        name: ctx.names.server,
        image: ctx.image,
        port: MYSQL_PORT,
        portName: "mysql",
        env: ctx.env,
        secretEnv: ctx.secretEnv,
        resources: ctx.args.resources,
        resourceDefaults: DEFAULT_MYSQL_RESOURCES,
        livenessProbe: execProbe(ctx.profile.livenessCommand, {
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 5,
        }),
        readinessProbe: execProbe(ctx.profile.readinessCommand, {
            initialDelaySeconds: 5,
            periodSeconds: 2,
            timeoutSeconds: 1,
        }),
        volumeMounts: [
            ...DATA_MOUNTS,
            {
                name: "config-map",
                mountPath: "/docker-entrypoint-initdb.d/create-replication-user.sh",
                subPath: "create-replication-user.sh",
                readOnly: true,
            },
            ...writableMounts(ctx.writable.server),
        ],
    });
}

/** The backup sidecar: starts replication on a fresh clone, then serves backups to new replicas. */
function sidecarContainer(ctx: MySqlPodContext): Container {
    return podContainer(ctx, {
        name: ctx.names.sidecar,
        ...backupToolInput(ctx),
        port: XTRABACKUP_PORT,
        portName: ctx.names.sidecar,
        command: ["bash", "-c", fillTemplate(ctx.profile.sidecarScript, ctx.scriptValues)],
        env: ctx.env,
        secretEnv: ctx.secretEnv,
        readinessProbe: execProbe(ctx.profile.sidecarListenCommand, { initialDelaySeconds: 5, periodSeconds: 5 }),
        livenessProbe: execProbe(ctx.profile.sidecarListenCommand, { initialDelaySeconds: 60, periodSeconds: 10 }),
        volumeMounts: [...DATA_MOUNTS, ...writableMounts(ctx.writable.sidecar)],
    });
}

/**
 * Builds the pod template: init-mysql, clone-mysql, mysql and the backup sidecar, each with a read-only root and
 * its own writable emptyDirs (`mySqlWritable.ts`). The shared `writablePaths` add emptyDirs to the mysql container.
 */
export function buildMySqlPodTemplate(
    args: MySqlClusterArgs,
    names: MySqlNames,
    labels: Record<string, string>,
): k8s.types.input.core.v1.PodTemplateSpec {
    const ctx = mySqlPodContext(args, names);
    return buildStatefulPodTemplate(args, {
        labels,
        initContainers: [initMysqlContainer(ctx), cloneMysqlContainer(ctx)],
        containers: [serverContainer(ctx), sidecarContainer(ctx)],
        volumes: [
            { name: "conf", emptyDir: {} },
            { name: "config-map", configMap: { name: names.config } },
            ...writableVolumes(ctx.writable),
        ],
        user: MYSQL_POD_USER,
    });
}
