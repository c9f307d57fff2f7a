import type { PodUser } from "./common";

/** The guide's Redis image (redis:7-alpine), pinned to a release. */
export const DEFAULT_REDIS_IMAGE = "redis:7.2.4-alpine";
/** The guide's node count: 3 primaries with 1 replica each. */
export const DEFAULT_REDIS_NODES = 6;
/** The guide's replicas per primary. */
export const DEFAULT_REDIS_REPLICAS_PER_PRIMARY = 1;
/** The guide's data volume size. */
export const DEFAULT_REDIS_STORAGE_SIZE = "1Gi";
/** The guide's cluster-node-timeout, in milliseconds. */
export const DEFAULT_REDIS_NODE_TIMEOUT_MS = 5000;
/** Redis Cluster needs at least 3 primaries to keep a majority. */
export const MIN_REDIS_PRIMARIES = 3;
/** Secret key of the Redis password. */
export const DEFAULT_REDIS_PASSWORD_KEY = "password";
/** The redis user of the alpine image (uid 999, gid 1000). */
export const REDIS_POD_USER: PodUser = { runAsUser: 999, runAsGroup: 1000, fsGroup: 1000 };
/** Bootstrap Job defaults: retries, a deadline, and cleanup a day after it finishes. */
export const DEFAULT_BOOTSTRAP_JOB = {
    backoffLimit: 6,
    activeDeadlineSeconds: 600,
    ttlSecondsAfterFinished: 86400,
} as const;

/** Directives the runtime config owns; they must not come from `extraConfig` (a ConfigMap is not secret). */
export const REDIS_RESERVED_DIRECTIVES = [
    "requirepass",
    "masterauth",
    "cluster-enabled",
    "cluster-config-file",
    "cluster-announce-ip",
    "port",
    "protected-mode",
    "user",
] as const;
