import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Object metadata for a child: explicit name, namespace, labels and annotations. Every child's metadata is built
 * here, so a rule about names or annotations lands in one place.
 */
export function objectMeta(
    name: pulumi.Input<string>,
    namespace: pulumi.Input<string> | undefined,
    labels: Record<string, string>,
    annotations?: Record<string, pulumi.Input<string>>,
): k8s.types.input.meta.v1.ObjectMeta {
    return {
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        labels,
        ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
}
