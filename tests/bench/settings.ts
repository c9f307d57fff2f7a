/**
 * Constants shared by the cluster benchmark, its stack worker and the manifest renderer.
 */

/** Workloads of the scale stack. */
export const SCALE_WORKLOADS = 1000;
/** Nodes of the simulated cluster for the scale figure. */
export const SCALE_NODES = 500;
/** Namespace of the scale stack. */
export const SCALE_NAMESPACE = "bench-scale";
/** The benchmark's own stack names (never the lead's `dev`). */
export const BENCH_DEV_STACK = "bench-dev";
/** The scale benchmark's stack. */
export const BENCH_SCALE_STACK = "bench-scale";
/** Placeholder credentials of the benchmark stacks (local cluster only; set as Pulumi secrets). */
export const BENCH_SECRETS = {
    dbPassword: "bench-only-password",
    databaseUrl: "mysql://root:bench-only-password@mysql-primary:3306/app",
};
/** The real-pod variant of the dev stack (realNode=true): its own stack, so bench-dev's config stays KWOK-only. */
export const BENCH_DEV_REAL_STACK = "bench-dev-real";
