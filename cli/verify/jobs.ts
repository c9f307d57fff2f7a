/**
 * Batch checks: Jobs complete, and each CronJob's template completes one triggered run.
 */
import type * as k8s from "@kubernetes/client-node";
import { VERIFY_LABEL } from "../../contract/keys";
import { jobComplete } from "./judge";
import { Clients, NamespaceContext, packageSelector } from "./types";

/** The Job `kubectl create job --from=cronjob/<name>` would make, with verify's label. */
export function jobFromCronJob(cron: k8s.V1CronJob, name: string): k8s.V1Job {
    const namespace = cron.metadata?.namespace ?? "default";
    const template = cron.spec?.jobTemplate;
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            name,
            namespace,
            labels: { ...(template?.metadata?.labels ?? {}), [VERIFY_LABEL]: "true" },
            annotations: { "cronjob.kubernetes.io/instantiate": "manual" },
            ownerReferences: cron.metadata?.uid
                ? [{ apiVersion: "batch/v1", kind: "CronJob", name: cron.metadata.name ?? "", uid: cron.metadata.uid }]
                : undefined,
        },
        spec: template?.spec,
    };
}

/** Creates a Job from a CronJob's template and returns its name. */
async function triggerCronJob(clients: Clients, cron: k8s.V1CronJob): Promise<string> {
    const base = (cron.metadata?.name ?? "cronjob").slice(0, 40);
    const name = `${base}-verify-${Date.now().toString(36)}`;
    const body = jobFromCronJob(cron, name);
    await clients.batch.createNamespacedJob({ namespace: body.metadata?.namespace ?? "default", body });
    return name;
}

/** Checks that every Job of the package completes. */
export async function checkJobs(ctx: NamespaceContext): Promise<void> {
    const { clients, namespace } = ctx;
    for (const job of (await clients.batch.listNamespacedJob(packageSelector(namespace))).items) {
        const name = job.metadata?.name ?? "";
        await ctx.record("job", "Job", namespace, name, async () =>
            jobComplete(await clients.batch.readNamespacedJob({ name, namespace })),
        );
    }
}

/** Triggers each CronJob once (unless --no-trigger) and checks the run completes; the Job is deleted after. */
export async function checkCronJobs(ctx: NamespaceContext): Promise<void> {
    const { clients, namespace } = ctx;
    for (const cron of (await clients.batch.listNamespacedCronJob(packageSelector(namespace))).items) {
        const name = cron.metadata?.name ?? "";
        if (!ctx.options.triggerCronJobs) {
            await ctx.record("cronjob", "CronJob", namespace, name, async () => "skip");
            continue;
        }
        const jobName = await triggerCronJob(clients, cron);
        await ctx.record("cronjob", "CronJob", namespace, name, async () => {
            const judgement = jobComplete(await clients.batch.readNamespacedJob({ name: jobName, namespace }));
            return { ...judgement, message: `triggered Job ${jobName}: ${judgement.message}` };
        });
        await clients.batch
            .deleteNamespacedJob({ name: jobName, namespace, propagationPolicy: "Background" })
            .catch(() => undefined);
    }
}
