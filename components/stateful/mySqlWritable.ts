import type * as k8s from "@pulumi/kubernetes";

/**
 * The writable directories of a MySqlCluster pod. Every container runs with a read-only root filesystem; besides
 * the data claim (`/var/lib/mysql`, where the scripts, the servers and the backup tools keep their files) and the
 * `conf` emptyDir that init-mysql fills, each container gets its own emptyDirs:
 *
 * - `/tmp`, in all four containers: bash writes here-documents and here-strings there (the sidecar's
 *   `CHANGE MASTER TO`, the entrypoints' `docker_process_sql <<<`; bash before 5.1 always uses a temporary file);
 *   `tmpdir` of mysqld/mariadbd and of xtrabackup/mariabackup defaults to it; the sidecar's backups use
 *   `--target-dir=/tmp/xtrabackup` (`/tmp/mariabackup`); the local MariaDB image keeps its socket and pid file
 *   there (scripts/images/mariadb/container.cnf).
 * - the server's run directory, in the mysql container only (`serverRunDir` of the flavor): the official images'
 *   socket, its lock file, the X Protocol socket and the pid file, of the entrypoint's temporary server too.
 *
 * Each container keeps a private `/tmp`, as it had with a writable root: nothing one leaves there reaches another.
 */

/** One writable directory of one container: an emptyDir volume of its own, mounted at `mountPath`. */
export interface WritableDir {
    /** The emptyDir volume's name, `<container>-tmp` or `<container>-run`. */
    readonly volume: string;
    readonly mountPath: string;
}

/** The names of the containers of a MySqlCluster pod. */
export interface MySqlContainerNames {
    readonly init: string;
    readonly clone: string;
    readonly server: string;
    readonly sidecar: string;
}

/** The writable directories of each container of a MySqlCluster pod. */
export type MySqlWritableDirs = { readonly [K in keyof MySqlContainerNames]: readonly WritableDir[] };

/** The temporary directory every container writes. */
export const MYSQL_TMP_PATH = "/tmp";

/** A container's private `/tmp`. */
export function tmpDir(container: string): WritableDir {
    return { volume: `${container}-tmp`, mountPath: MYSQL_TMP_PATH };
}

/** The writable directories of each container: `/tmp` for all, and the server's run directory for the server. */
export function mySqlWritableDirs(names: MySqlContainerNames, serverRunDir: string): MySqlWritableDirs {
    return {
        init: [tmpDir(names.init)],
        clone: [tmpDir(names.clone)],
        server: [tmpDir(names.server), { volume: `${names.server}-run`, mountPath: serverRunDir }],
        sidecar: [tmpDir(names.sidecar)],
    };
}

/** The volume mounts of a container's writable directories. */
export function writableMounts(dirs: readonly WritableDir[]): k8s.types.input.core.v1.VolumeMount[] {
    return dirs.map((d) => ({ name: d.volume, mountPath: d.mountPath }));
}

/** The emptyDir volumes of every container's writable directories, in pod order (init, clone, server, sidecar). */
export function writableVolumes(dirs: MySqlWritableDirs): k8s.types.input.core.v1.Volume[] {
    return [...dirs.init, ...dirs.clone, ...dirs.server, ...dirs.sidecar].map((d) => ({
        name: d.volume,
        emptyDir: {},
    }));
}
