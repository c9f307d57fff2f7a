import type { ResourceDefaults } from "../core";
import type { PodUser } from "./common";

/** The MySQL image: pinned, and no newer than the XtraBackup release (XtraBackup refuses newer servers). */
export const DEFAULT_MYSQL_IMAGE = "mysql:8.0.35";
/** Percona XtraBackup 8.0.35 (it ships socat, xbstream and the mysql client). */
export const DEFAULT_XTRABACKUP_IMAGE = "percona/percona-xtrabackup:8.0.35-34.1";
/** The guide's replica count. */
export const DEFAULT_MYSQL_REPLICAS = 3;
/** The guide's data volume size. */
export const DEFAULT_MYSQL_STORAGE_SIZE = "10Gi";
/** The MySQL port. */
export const MYSQL_PORT = 3306;
/** The user replicas replicate as. */
export const DEFAULT_REPLICATION_USER = "replicator";
/** Secret key of the root password. */
export const DEFAULT_ROOT_PASSWORD_KEY = "root-password";
/** Secret key of the replication password. */
export const DEFAULT_REPLICATION_PASSWORD_KEY = "replication-password";
/** The mysql user of the official image (uid and gid 999); the pods run as it, with volumes owned by its group. */
export const MYSQL_POD_USER: PodUser = { runAsUser: 999, runAsGroup: 999, fsGroup: 999 };
/** The guide's mysql container requests (500m, 1Gi), with limits added. */
export const DEFAULT_MYSQL_RESOURCES: ResourceDefaults = {
    cpuRequest: "500m",
    memoryRequest: "1Gi",
    cpuLimit: "1",
    memoryLimit: "1Gi",
};
/** The guide's xtrabackup requests (100m, 100Mi), with limits added; also used by the clone init container. */
export const DEFAULT_XTRABACKUP_RESOURCES: ResourceDefaults = {
    cpuRequest: "100m",
    memoryRequest: "100Mi",
    cpuLimit: "400m",
    memoryLimit: "400Mi",
};
