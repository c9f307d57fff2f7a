/** `exemption-reason-required`: its pass and fail cases. */
import { ruleSuite, D, exempt } from "./kit";

ruleSuite("exemption-reason-required", {
    passing: [
        {
            name: "exemption with reason",
            objects: () => exempt(D(), "run-as-non-root, read-only-root-filesystem", "legacy image runs as root"),
        },
    ],
    failing: [
        {
            name: "exemption without reason",
            objects: () => exempt(D(), "run-as-non-root", undefined),
            message: "no k8s-workloads.io/exempt-reason",
        },
        { name: "blank reason", objects: () => exempt(D(), "run-as-non-root", "  ") },
        { name: "blanket exemption", objects: () => exempt(D(), "*", "everything"), message: "blanket" },
        {
            name: "unknown rule",
            objects: () => exempt(D(), "no-privileged,no-such-rule", "typo"),
            message: "no-such-rule",
        },
    ],
});
