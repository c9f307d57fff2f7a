import { Problems, checkInteger, show, validateTrack } from "../core";
import type { CanaryDeploymentArgs } from "./canaryDeployment";
import { validateDeploymentBase } from "./rollout";
import { validateCanaryRolloutPlan } from "./rolloutState";
import { TRAFFIC_MODES, checkHeaderName, checkProxyWeight, validateProxyRouting, validateTraffic } from "./traffic";

/** Validates {@link CanaryDeploymentArgs}; returns every problem found. */
export function validateCanaryDeploymentArgs(args: CanaryDeploymentArgs): Problems {
    const problems = new Problems();
    validateDeploymentBase(problems, args);
    if (
        args.canaryWeight !== undefined &&
        !(Number.isFinite(args.canaryWeight) && args.canaryWeight >= 0 && args.canaryWeight <= 100)
    ) {
        problems.add(
            "canaryWeight",
            `canaryWeight must be between 0 and 100 (got ${show(args.canaryWeight)}); it is the canary's percentage of traffic`,
        );
    }
    validateTraffic(problems, "traffic", args.traffic ?? "replicas", TRAFFIC_MODES, args.host);
    validateProxyRouting(problems, args);
    checkProxyWeight(problems, "canaryWeight", args.canaryWeight, args.traffic ?? "replicas");
    checkHeaderName(problems, "canaryHeader", args.canaryHeader);
    checkInteger(problems, "canaryReplicas", args.canaryReplicas, 0);
    if (args.canaryReplicas !== undefined && (args.traffic ?? "replicas") === "replicas") {
        problems.add(
            "canaryReplicas",
            `canaryReplicas applies only to the nginx and istio modes (got ${show(args.canaryReplicas)} with traffic "replicas"); in replicas mode the weight sets the pod counts`,
        );
    }
    if (args.path !== undefined && !args.path.startsWith("/")) {
        problems.add("path", `path must start with "/" (got ${show(args.path)})`);
    }
    for (const track of ["stable", "canary"] as const) {
        const spec = args[track];
        if (!spec) {
            problems.add(track, `${track} is required (got undefined); give ${track}: { image: "..." }`);
            continue;
        }
        validateTrack(problems, track, spec);
    }
    problems.addAll(validateCanaryRolloutPlan(args.rollout));
    return problems;
}
