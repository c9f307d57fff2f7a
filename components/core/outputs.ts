import * as pulumi from "@pulumi/pulumi";

/** The names of a component's own `pulumi.Output` fields (not the `urn` every resource has). */
type OutputFieldNames<C> = {
    [K in keyof C]: K extends keyof pulumi.ComponentResource ? never : C[K] extends pulumi.Output<unknown> ? K : never;
}[keyof C];

/** A component's outputs: every one of its own `pulumi.Output` fields, by name. */
export type ComponentOutputs<C> = Pick<C, OutputFieldNames<C>>;

/**
 * The last step of every component's constructor: sets each output field once and returns the same outputs for
 * `registerOutputs`, so a component names each output in its class and in this one object, not three times. The
 * compiler checks that every output field is given, with its type.
 *
 * @example
 * this.registerOutputs(setOutputs<RollingDeployment>(this, { deploymentName: deployment.metadata.name, ... }));
 */
export function setOutputs<C extends pulumi.ComponentResource>(
    component: C,
    outputs: ComponentOutputs<C>,
): ComponentOutputs<C> {
    Object.assign(component, outputs);
    return outputs;
}
