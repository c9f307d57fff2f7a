/** `batch-limits`: its pass and fail cases. */
import { JsonObject, path } from "../../../policies/lib/values";
import { changed, goodCronJob, goodJob } from "../helpers";
import { ruleSuite, dspec } from "./kit";

ruleSuite("batch-limits", {
    failing: [
        {
            name: "Job without backoffLimit",
            objects: () => changed(goodJob(), (j) => delete dspec(j).backoffLimit),
            message: "backoffLimit",
        },
        {
            name: "Job without activeDeadlineSeconds",
            objects: () => changed(goodJob(), (j) => delete dspec(j).activeDeadlineSeconds),
            message: "activeDeadlineSeconds",
        },
        {
            name: "Job without ttlSecondsAfterFinished",
            objects: () => changed(goodJob(), (j) => delete dspec(j).ttlSecondsAfterFinished),
            message: "ttlSecondsAfterFinished",
        },
        {
            name: "CronJob without concurrencyPolicy",
            objects: () => changed(goodCronJob(), (j) => delete dspec(j).concurrencyPolicy),
            message: "concurrencyPolicy",
        },
        {
            name: "CronJob concurrencyPolicy Allow",
            objects: () => changed(goodCronJob(), (j) => (dspec(j).concurrencyPolicy = "Allow")),
        },
        {
            name: "CronJob without startingDeadlineSeconds",
            objects: () => changed(goodCronJob(), (j) => delete dspec(j).startingDeadlineSeconds),
        },
        {
            name: "CronJob without history limits",
            objects: () => changed(goodCronJob(), (j) => delete dspec(j).failedJobsHistoryLimit),
            message: "failedJobsHistoryLimit",
        },
        {
            name: "CronJob jobTemplate without backoffLimit",
            objects: () =>
                changed(
                    goodCronJob(),
                    (j) => delete (path(j, "spec", "jobTemplate", "spec") as JsonObject).backoffLimit,
                ),
            message: "jobTemplate.spec.backoffLimit",
        },
    ],
});
