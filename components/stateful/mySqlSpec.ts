import type * as pulumi from "@pulumi/pulumi";
import {
    Problems,
    checkImage,
    checkNotEmpty,
    childName,
    known,
    knownOr,
    show,
    validateDisruptionBudget,
    validateReplicas,
    validateResources,
} from "../core";
import { checkStorageSize, validatePasswordSource, validateStatefulBase } from "./common";
import { MySqlFlavor, MySqlFlavorProfile, isMySqlFlavor, mySqlFlavorProfile } from "./mariadbScripts";
import { CREATE_REPLICATION_USER_SCRIPT, PRIMARY_CNF, REPLICA_CNF } from "./mysqlScripts";
import {
    DEFAULT_MYSQL_IMAGE,
    DEFAULT_XTRABACKUP_IMAGE,
    DEFAULT_MYSQL_REPLICAS,
    DEFAULT_ROOT_PASSWORD_KEY,
    DEFAULT_REPLICATION_PASSWORD_KEY,
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
    checkNotEmpty(
        problems,
        "xtrabackupImage",
        args.xtrabackupImage,
        `give a pinned image such as "${DEFAULT_XTRABACKUP_IMAGE}"`,
    );
    validateResources(problems, "xtrabackupResources", args.xtrabackupResources, DEFAULT_XTRABACKUP_RESOURCES);
    validateDisruptionBudget(
        problems,
        "disruptionBudget",
        args.disruptionBudget,
        knownOr(args.replicas, DEFAULT_MYSQL_REPLICAS),
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

/**
 * The passwords of the credentials Secret, by key (the replication password defaults to the root password), or
 * undefined when the user names an existing Secret.
 */
export function mySqlPasswords(args: MySqlClusterArgs): Record<string, pulumi.Input<string>> | undefined {
    if (args.existingSecretName !== undefined || args.rootPassword === undefined) {
        return undefined;
    }
    return {
        [args.rootPasswordKey ?? DEFAULT_ROOT_PASSWORD_KEY]: args.rootPassword,
        [args.replicationPasswordKey ?? DEFAULT_REPLICATION_PASSWORD_KEY]:
            args.replicationPassword ?? args.rootPassword,
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
