import * as k8s from "@pulumi/kubernetes";
import {
    ContainerInput,
    Problems,
    appContainerInput,
    buildContainer,
    buildEnv,
    checkImage,
    checkRequired,
    checkWritablePathMounts,
    defaultWritablePathsFor,
    envSecretName,
    knownOr,
    validateDisruptionBudget,
    validateReplicas,
    validateWorkloadArgs,
    withReadOnlyRoot,
    writableVolumeName,
} from "../core";
import { downwardApiEnv, validateStatefulStorage, validateStatefulUpdate, validateStatefulVolumes } from "./common";
import { DEFAULT_STATEFUL_REPLICAS } from "./statefulService";
import type { StatefulServiceArgs } from "./statefulService";

/** The validation and the main container of {@link StatefulService}: pure functions of its args. */

/** Validates {@link StatefulServiceArgs}; returns every problem found. */
export function validateStatefulServiceArgs(args: StatefulServiceArgs): Problems {
    const problems = new Problems();
    checkImage(problems, "image", args.image, "nginx:1.21");
    checkRequired(problems, "port", args.port, "give the container port the app listens on, for example 80");
    validateReplicas(problems, "replicas", args.replicas, 1);
    validateWorkloadArgs(problems, args, args.port);
    validateStatefulStorage(problems, args);
    validateStatefulUpdate(problems, args);
    validateStatefulVolumes(problems, "volumes", args.volumes, writableVolumeNames(args));
    checkWritablePathMounts(
        problems,
        "writablePaths",
        args.writablePaths,
        (args.volumes ?? []).map((v, i) => ({ field: `volumes[${i}].mountPath`, mountPath: v.mountPath })),
    );
    validateDisruptionBudget(
        problems,
        "disruptionBudget",
        args.disruptionBudget,
        knownOr(args.replicas, DEFAULT_STATEFUL_REPLICAS),
    );
    return problems;
}

/** The emptyDir volumes the writable paths (given or default) take, which the claims must not be named. */
function writableVolumeNames(args: StatefulServiceArgs): string[] {
    const paths = Array.isArray(args.writablePaths)
        ? args.writablePaths
        : defaultWritablePathsFor(withReadOnlyRoot(args.security));
    return paths.map((_, i) => writableVolumeName(i));
}

/**
 * The main container of a StatefulService: core's defaults (a read-only root filesystem unless
 * `security.readOnlyRootFilesystem` is false), the downward-API env and the volume mounts.
 */
export function buildStatefulServiceContainer(
    containerName: string,
    args: StatefulServiceArgs,
    containerOwner: string,
): k8s.types.input.core.v1.Container {
    const input: ContainerInput = {
        ...appContainerInput(containerName, args, args.port, {
            image: args.image,
            envSecretName: envSecretName(containerOwner),
        }),
        volumeMounts: (args.volumes ?? []).map((v) => ({
            name: v.name,
            mountPath: v.mountPath,
            ...(v.readOnly ? { readOnly: true } : {}),
            ...(v.subPath !== undefined ? { subPath: v.subPath } : {}),
        })),
    };
    return { ...buildContainer(input), env: [...downwardApiEnv(), ...buildEnv(input)] };
}
