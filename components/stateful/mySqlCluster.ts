import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    LabelInput,
    ResourceArgs,
    ServiceAwaitArgs,
    createNetworkPolicy,
    setOutputs,
    validComponentType,
    workloadLabels,
} from "../core";
import { StatefulBaseArgs, podDnsNames, renderStatefulSet, statefulSetOptions } from "./common";

import { validateMySqlClusterArgs, mySqlNames, mySqlConfigData, flavorProfileOf, mySqlPasswords } from "./mySqlSpec";
import { buildMySqlPodTemplate } from "./mySqlPod";
import { DEFAULT_MYSQL_REPLICAS, DEFAULT_MYSQL_STORAGE_SIZE, MYSQL_PORT } from "./mySqlDefaults";
import { XTRABACKUP_PORT } from "./mysqlScripts";
import { createSetDisruptionBudget, dataClaim, renderClientService, serviceHost, setPolicyTarget } from "./children";
import { createDatabaseFoundation } from "./databaseFoundation";
import type { MySqlFlavor } from "./mariadbScripts";

export { DEFAULT_MARIADB_IMAGE, MySqlFlavor } from "./mariadbScripts";

/**
 * Args of a {@link MySqlCluster}.
 * @see https://kubernetes.io/docs/tasks/run-application/run-replicated-stateful-application/
 */
export interface MySqlClusterArgs extends StatefulBaseArgs, ServiceAwaitArgs {
    /**
     * The server flavor, one of `MySqlFlavor`: "mysql" (MySQL 8 with Percona XtraBackup, the guide's) or
     * "mariadb" (MariaDB with mariabackup and mbstream from the MariaDB image, `mariadb`/`mariadb-admin` clients,
     * `read-only` replicas; the image must also ship `ncat`, which serves the clone stream). Default: "mysql".
     * @default "mysql"
     * @see https://mariadb.com/kb/en/mariabackup-overview/
     */
    readonly flavor?: MySqlFlavor;
    /**
     * MySQL servers: `<name>-0` is the primary, the others replicate from it. Default: 3 (the guide's value).
     * @default 3 (the guide's value)
     * @see https://kubernetes.io/docs/tasks/run-application/run-replicated-stateful-application/#scaling-the-number-of-replicas
     */
    readonly replicas?: pulumi.Input<number>;
    /**
     * The data volume of each server, a quantity such as "10Gi". Default: "10Gi" (the guide's value).
     * @default "10Gi" (the guide's value)
     * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#capacity
     */
    readonly storageSize?: string;
    /**
     * The root password, as a Pulumi secret (for example `config.requireSecret("dbPassword")`). The component stores
     * it in a Secret it creates. Required unless `existingSecretName` is set.
     * @see https://kubernetes.io/docs/concepts/configuration/secret/
     */
    readonly rootPassword?: pulumi.Input<string>;
    /**
     * The replication user's password, as a Pulumi secret. Default: the root password (give a separate one in
     * production).
     * @default the root password (give a separate one in production)
     */
    readonly replicationPassword?: pulumi.Input<string>;
    /** The user replicas connect as. Default: "replicator". @default "replicator" */
    readonly replicationUser?: string;
    /**
     * An existing Secret holding the passwords (keys `rootPasswordKey` and `replicationPasswordKey`), instead of
     * `rootPassword`. Default: none: the component creates `<name>-credentials`.
     * @default none: the component creates `<name>-credentials`
     * @see https://kubernetes.io/docs/concepts/configuration/secret/
     */
    readonly existingSecretName?: string;
    /** The root password's key in the Secret. Default: "root-password". @default "root-password" */
    readonly rootPasswordKey?: string;
    /**
     * The replication password's key in the Secret. Default: "replication-password".
     * @default "replication-password"
     */
    readonly replicationPasswordKey?: string;
    /**
     * The server image, pinned. Default: "mysql:8.0.35"; with the mariadb flavor "mariadb:10.11.10".
     * @default "mysql:8.0.35"; with the mariadb flavor "mariadb:10.11.10"
     * @see https://hub.docker.com/_/mysql
     */
    readonly image?: string;
    /**
     * The image of the clone init container and the backup sidecar, pinned: Percona XtraBackup, at least as new as
     * the MySQL server; with the mariadb flavor an image with mariabackup, mbstream and ncat. Default:
     * "percona/percona-xtrabackup:8.0.35-34.1"; with the mariadb flavor the server image.
     * @default "percona/percona-xtrabackup:8.0.35-34.1"; with the mariadb flavor the server image
     * @see https://hub.docker.com/r/percona/percona-xtrabackup
     */
    readonly xtrabackupImage?: string;
    /**
     * Requests and limits of the mysql container. Default: requests 500m/1Gi (the guide's), limits 1/1Gi.
     * @default requests 500m/1Gi (the guide's), limits 1/1Gi
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    readonly resources?: ResourceArgs;
    /**
     * Requests and limits of the xtrabackup sidecar and the clone-mysql init container. Default: requests 100m/100Mi
     * (the guide's), limits 400m/400Mi.
     * @default requests 100m/100Mi (the guide's), limits 400m/400Mi
     * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
     */
    readonly xtrabackupResources?: ResourceArgs;
}

/**
 * The guide's replicated MySQL: a primary (`<name>-0`) and replicas that clone it with XtraBackup and replicate
 * from its binlog. A ConfigMap with primary.cnf and replica.cnf, a headless Service for the stable identities, a
 * read Service across all pods, a PodDisruptionBudget, and, unlike the guide, real passwords: root and replication
 * passwords live in a Secret (created from Pulumi secrets, or the user's) and reach the scripts only as env vars.
 * With `flavor: "mariadb"` the same topology runs on MariaDB, cloned with mariabackup.
 *
 * @example
 * new MySqlCluster("mysql", { replicas: 3, storageSize: "10Gi", rootPassword: cfg.requireSecret("dbPassword") });
 */
export class MySqlCluster extends pulumi.ComponentResource {
    /** The StatefulSet's name. */
    public readonly statefulSetName!: pulumi.Output<string>;
    /** The headless Service's name. */
    public readonly headlessServiceName!: pulumi.Output<string>;
    /** Where writes go: the primary's stable DNS name, `mysql-0.mysql-headless.<ns>.svc.cluster.local`. */
    public readonly primaryHost!: pulumi.Output<string>;
    /** The read Service's name (it balances across every server, the primary included). */
    public readonly readServiceName!: pulumi.Output<string>;
    /** The read Service's cluster DNS name. */
    public readonly readServiceHost!: pulumi.Output<string>;
    /** The Secret holding the passwords (created, or the one named by `existingSecretName`). */
    public readonly secretName!: pulumi.Output<string>;
    /** The stable DNS name of every server. */
    public readonly podDnsNames!: pulumi.Output<string[]>;

    constructor(name: string, args: MySqlClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(validComponentType("MySqlCluster", name, validateMySqlClusterArgs(args)), name, {}, opts);

        const labels: LabelInput = { instance: name, app: args.appName, pattern: "mysql", component: "database" };
        const objectLabels = workloadLabels(labels, args.labels);
        const names = mySqlNames(name, args.existingSecretName);
        const replicas = args.replicas ?? DEFAULT_MYSQL_REPLICAS;

        const ports = { port: MYSQL_PORT, targetPortName: "mysql" };
        const foundation = createDatabaseFoundation(this, args, names, labels, {
            passwords: mySqlPasswords(args),
            configData: mySqlConfigData(flavorProfileOf(args).replicaCnf),
            ports,
        });
        const { credentials, headless } = foundation;
        const read = new k8s.core.v1.Service(names.read, renderClientService(names.read, args, labels, ports), {
            parent: this,
        });
        const statefulSet = new k8s.apps.v1.StatefulSet(
            names.set,
            renderStatefulSet(args, {
                identity: { name: names.set, serviceName: names.headless, labels },
                replicas,
                template: buildMySqlPodTemplate(args, names, objectLabels),
                claims: [dataClaim(args.storageSize ?? DEFAULT_MYSQL_STORAGE_SIZE, args.storageClassName)],
                // Replicas clone from the previous peer, so pods must start in order.
                update: { podManagementPolicy: "OrderedReady" },
            }),
            { ...statefulSetOptions(this, args), dependsOn: foundation.dependsOn },
        );
        createNetworkPolicy(
            this,
            setPolicyTarget(name, args, labels),
            // Replicas replicate from the primary on the MySQL port and clone from a peer on the backup port.
            { ports: [MYSQL_PORT], peerPorts: [MYSQL_PORT, XTRABACKUP_PORT] },
            args.networkPolicy,
        );
        createSetDisruptionBudget(this, names.pdb, args, labels);

        this.registerOutputs(
            setOutputs<MySqlCluster>(this, {
                statefulSetName: statefulSet.metadata.name,
                headlessServiceName: headless.metadata.name,
                primaryHost: pulumi.interpolate`${names.set}-0.${serviceHost(headless)}`,
                readServiceName: read.metadata.name,
                readServiceHost: serviceHost(read),
                secretName: credentials.name,
                podDnsNames: podDnsNames(names.set, headless, replicas),
            }),
        );
    }
}
