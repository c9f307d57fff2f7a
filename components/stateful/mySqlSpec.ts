import * as k8s from "@pulumi/kubernetes";
import {
    Problems,
    buildContainer,
    checkImage,
    checkRequired,
    childName,
    known,
    show,
    validateDisruptionBudget,
    validateReplicas,
    validateResources,
} from "../core";
import { buildStatefulPodTemplate, checkStorageSize, validatePasswordSource, validateStatefulBase } from "./common";
import { MySqlFlavor, MySqlFlavorProfile, isMySqlFlavor, mySqlFlavorProfile } from "./mariadbScripts";
import {
    CREATE_REPLICATION_USER_SCRIPT,
    INIT_MYSQL_SCRIPT,
    PRIMARY_CNF,
    REPLICA_CNF,
    XTRABACKUP_PORT,
} from "./mysqlScripts";
import { fillTemplate } from "./templates";

import {
    DEFAULT_MYSQL_IMAGE,
    DEFAULT_XTRABACKUP_IMAGE,
    DEFAULT_MYSQL_REPLICAS,
    MYSQL_PORT,
    DEFAULT_REPLICATION_USER,
    DEFAULT_ROOT_PASSWORD_KEY,
    DEFAULT_REPLICATION_PASSWORD_KEY,
    MYSQL_POD_USER,
    DEFAULT_MYSQL_RESOURCES,
    DEFAULT_XTRABACKUP_RESOURCES,
} from "./mySqlDefaults";
import type { MySqlClusterArgs } from "./mySqlCluster";

/** Validates {@link MySqlClusterArgs}; returns every problem found. */
export function validateMySqlClusterArgs(args: MySqlClusterArgs): Problems {
    const problems = new Problems();
    if (args.flavor !== undefined && !isMySqlFlavor(args.flavor)) {
        problems.add(
            "flavor",
            `flavor must be one of ${Object.values(MySqlFlavor)
                .map((f) => `"${f}"`)
                .join(", ")} (got ${show(args.flavor)}); use "mariadb" for MariaDB images, or leave it unset for MySQL`,
        );
    }
    validateReplicas(problems, "replicas", args.replicas, 1);
    validateStatefulBase(problems, args, DEFAULT_MYSQL_RESOURCES);
    checkStorageSize(problems, "storageSize", args.storageSize);
    validatePasswordSource(problems, { field: "rootPassword", value: args.rootPassword }, args.existingSecretName, [
        { field: "rootPasswordKey", value: args.rootPasswordKey, defaultValue: DEFAULT_ROOT_PASSWORD_KEY },
        {
            field: "replicationPasswordKey",
            value: args.replicationPasswordKey,
            defaultValue: DEFAULT_REPLICATION_PASSWORD_KEY,
        },
    ]);
    if (args.existingSecretName !== undefined && args.replicationPassword !== undefined) {
        problems.add(
            "replicationPassword",
            `replicationPassword must not be set with existingSecretName (got existingSecretName ${show(args.existingSecretName)}); put the password in that Secret under replicationPasswordKey`,
        );
    }
    if (known(args.replicationPassword) === "") {
        problems.add(
            "replicationPassword",
            `replicationPassword must not be empty (got ""); pass a real password, or leave it unset to use the root password`,
        );
    }
    if (args.replicationUser !== undefined && !/^[A-Za-z0-9_]{1,32}$/.test(args.replicationUser)) {
        problems.add(
            "replicationUser",
            `replicationUser must be 1 to 32 letters, digits or '_' (got ${show(args.replicationUser)}); for example "replicator"`,
        );
    }
    if (args.image !== undefined) {
        checkImage(problems, "image", args.image, DEFAULT_MYSQL_IMAGE);
    }
    if (args.xtrabackupImage !== undefined) {
        checkRequired(
            problems,
            "xtrabackupImage",
            args.xtrabackupImage,
            `give a pinned image such as "${DEFAULT_XTRABACKUP_IMAGE}"`,
        );
    }
    validateResources(problems, "xtrabackupResources", args.xtrabackupResources, DEFAULT_XTRABACKUP_RESOURCES);
    validateDisruptionBudget(
        problems,
        "disruptionBudget",
        args.disruptionBudget,
        args.replicas === undefined ? DEFAULT_MYSQL_REPLICAS : known(args.replicas),
    );
    return problems;
}

/** The names a MySqlCluster gives its children. */
export interface MySqlNames {
    readonly set: string;
    readonly headless: string;
    readonly read: string;
    readonly config: string;
    readonly secret: string;
    readonly pdb: string;
}

/** Children names from the component name; the Secret is the user's when one is named. */
export function mySqlNames(name: string, existingSecretName?: string): MySqlNames {
    return {
        set: name,
        headless: childName(name, "headless"),
        read: childName(name, "read"),
        config: childName(name, "config"),
        secret: existingSecretName ?? childName(name, "credentials"),
        pdb: childName(name, "pdb"),
    };
}

/** The flavor's images, scripts and commands (MySQL when `flavor` is unset). */
export function flavorProfileOf(args: MySqlClusterArgs): MySqlFlavorProfile {
    const flavor = args.flavor ?? MySqlFlavor.Mysql;
    if (!isMySqlFlavor(flavor)) {
        throw new Error(`flavor must be one of ${Object.values(MySqlFlavor).join(", ")} (got ${show(flavor)})`);
    }
    return mySqlFlavorProfile(flavor, { image: DEFAULT_MYSQL_IMAGE, xtrabackupImage: DEFAULT_XTRABACKUP_IMAGE });
}

/** The ConfigMap data: the guide's primary.cnf and replica.cnf, and the script that creates the replication user. */
export function mySqlConfigData(replicaCnf: string = REPLICA_CNF): Record<string, string> {
    return {
        "primary.cnf": PRIMARY_CNF,
        "replica.cnf": replicaCnf,
        "create-replication-user.sh": CREATE_REPLICATION_USER_SCRIPT,
    };
}

/** Builds the pod template: init-mysql, clone-mysql, mysql and the xtrabackup sidecar. */
export function buildMySqlPodTemplate(
    args: MySqlClusterArgs,
    names: MySqlNames,
    labels: Record<string, string>,
): k8s.types.input.core.v1.PodTemplateSpec {
    const profile = flavorProfileOf(args);
    const image = args.image ?? profile.defaultImage;
    const xtrabackupImage = args.xtrabackupImage ?? profile.defaultBackupImage ?? image;
    const rootKey = { secretName: names.secret, key: args.rootPasswordKey ?? DEFAULT_ROOT_PASSWORD_KEY };
    const replicationKey = {
        secretName: names.secret,
        key: args.replicationPasswordKey ?? DEFAULT_REPLICATION_PASSWORD_KEY,
    };
    const user = args.replicationUser ?? DEFAULT_REPLICATION_USER;
    const security = { runAsNonRoot: true, runAsUser: MYSQL_POD_USER.runAsUser, runAsGroup: MYSQL_POD_USER.runAsGroup };
    const dataMounts = [
        { name: "data", mountPath: "/var/lib/mysql", subPath: "mysql" },
        { name: "conf", mountPath: "/etc/mysql/conf.d" },
    ];
    const scriptValues = {
        SET: names.set,
        HEADLESS: names.headless,
        PRIMARY: `${names.set}-0.${names.headless}`,
        PORT: String(XTRABACKUP_PORT),
    };

    const initMysql = buildContainer({
        name: "init-mysql",
        imagePullPolicy: args.imagePullPolicy,
        image,
        command: ["bash", "-c", INIT_MYSQL_SCRIPT],
        readinessProbe: null,
        livenessProbe: null,
        // It writes only to the conf emptyDir.
        security: { ...security, readOnlyRootFilesystem: true },
        volumeMounts: [
            { name: "conf", mountPath: "/mnt/conf.d" },
            { name: "config-map", mountPath: "/mnt/config-map" },
        ],
    });
    const cloneMysql = buildContainer({
        name: "clone-mysql",
        imagePullPolicy: args.imagePullPolicy,
        image: xtrabackupImage,
        command: ["bash", "-c", fillTemplate(profile.cloneScript, scriptValues)],
        readinessProbe: null,
        livenessProbe: null,
        resources: args.xtrabackupResources,
        resourceDefaults: DEFAULT_XTRABACKUP_RESOURCES,
        security,
        volumeMounts: dataMounts,
    });
    const mysql = buildContainer({
        name: "mysql",
        imagePullPolicy: args.imagePullPolicy,
        image,
        port: MYSQL_PORT,
        portName: "mysql",
        env: { MYSQL_REPLICATION_USER: user },
        secretEnv: [
            { name: "MYSQL_ROOT_PASSWORD", ...rootKey },
            { name: "MYSQL_REPLICATION_PASSWORD", ...replicationKey },
        ],
        resources: args.resources,
        resourceDefaults: DEFAULT_MYSQL_RESOURCES,
        // The guide's probes, authenticated through the environment.
        livenessProbe: {
            type: "exec",
            command: [...profile.livenessCommand],
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 5,
        },
        readinessProbe: {
            type: "exec",
            command: [...profile.readinessCommand],
            initialDelaySeconds: 5,
            periodSeconds: 2,
            timeoutSeconds: 1,
        },
        security,
        volumeMounts: [
            ...dataMounts,
            {
                name: "config-map",
                mountPath: "/docker-entrypoint-initdb.d/create-replication-user.sh",
                subPath: "create-replication-user.sh",
                readOnly: true,
            },
        ],
    });
    const xtrabackup = buildContainer({
        name: profile.sidecarName,
        imagePullPolicy: args.imagePullPolicy,
        image: xtrabackupImage,
        port: XTRABACKUP_PORT,
        portName: profile.sidecarName,
        command: ["bash", "-c", fillTemplate(profile.sidecarScript, scriptValues)],
        env: { MYSQL_REPLICATION_USER: user },
        secretEnv: [
            { name: "MYSQL_ROOT_PASSWORD", ...rootKey },
            { name: "MYSQL_REPLICATION_PASSWORD", ...replicationKey },
        ],
        resources: args.xtrabackupResources,
        resourceDefaults: DEFAULT_XTRABACKUP_RESOURCES,
        readinessProbe: {
            type: "exec",
            command: [...profile.sidecarListenCommand],
            initialDelaySeconds: 5,
            periodSeconds: 5,
        },
        livenessProbe: {
            type: "exec",
            command: [...profile.sidecarListenCommand],
            initialDelaySeconds: 60,
            periodSeconds: 10,
        },
        security,
        volumeMounts: dataMounts,
    });
    return buildStatefulPodTemplate(args, {
        labels,
        initContainers: [initMysql, cloneMysql],
        containers: [mysql, xtrabackup],
        volumes: [
            { name: "conf", emptyDir: {} },
            { name: "config-map", configMap: { name: names.config } },
        ],
        user: MYSQL_POD_USER,
    });
}
