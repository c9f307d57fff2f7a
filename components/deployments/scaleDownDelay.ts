/**
 * The blue-green scale-down delay: after the live Service switches color, wait before the old color loses pods, so
 * that kube-proxy, ingress controllers and clients stop sending to the old pods before they go away.
 *
 * Mechanism: an `afterUpdate` resource hook on the live Service. The engine passes the hook the Service's old and
 * new inputs, so the hook sees whether the selector (the live color) changed in this `up`. It sleeps only then; the
 * engine runs no hook during preview (and the hook checks `isDryRun` too). The old color's Deployment depends on the
 * live Service, so its scale-down (or, with `removeIdle`, its deletion, which comes after every update) waits for
 * the hook to return. Nothing is stored: the previous color comes from the engine's own state of the Service.
 */
import * as pulumi from "@pulumi/pulumi";
import { ROLLOUT_DEFAULTS } from "../../contract/rolloutPlan";

/** The default scale-down delay in seconds (Argo Rollouts' default; the same constant as the rollout plan's). */
export const DEFAULT_SCALE_DOWN_DELAY_SECONDS: number = ROLLOUT_DEFAULTS.scaleDownDelaySeconds;

/** Waits a number of milliseconds. */
export type Sleep = (milliseconds: number) => Promise<void>;

/** The real sleep. */
export const sleepFor: Sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** What the hook needs; `sleep`, `isDryRun` and `log` are replaceable for tests. */
export interface ScaleDownDelayOptions {
    /** Seconds to wait after a switch; 0 disables the wait. */
    readonly seconds: number;
    readonly sleep?: Sleep;
    readonly isDryRun?: () => boolean;
    readonly log?: (message: string) => void;
}

/** The Service inputs a hook receives: only the selector matters here. */
interface ServiceInputs {
    readonly spec?: { readonly selector?: Record<string, unknown> };
}

/** A selector as text with sorted keys, so that key order never counts as a change. */
function selectorText(inputs: ServiceInputs | undefined): string | undefined {
    const selector = inputs?.spec?.selector;
    if (selector === undefined || selector === null || typeof selector !== "object") {
        return undefined;
    }
    const keys = Object.keys(selector).sort();
    return JSON.stringify(keys.map((key) => [key, selector[key]]));
}

/**
 * True when a hook's old and new inputs of the live Service select different pods: the live color changed in this
 * `up`. False when either side is missing (a create has no old inputs).
 */
export function liveSelectorChanged(
    oldInputs: ServiceInputs | undefined,
    newInputs: ServiceInputs | undefined,
): boolean {
    const before = selectorText(oldInputs);
    const after = selectorText(newInputs);
    return before !== undefined && after !== undefined && before !== after;
}

/** The hook's body: sleeps `seconds` when the live selector changed outside preview, else returns at once. */
export function scaleDownDelayCallback(options: ScaleDownDelayOptions): pulumi.ResourceHookFunction {
    const sleep = options.sleep ?? sleepFor;
    const isDryRun = options.isDryRun ?? pulumi.runtime.isDryRun;
    const log = options.log ?? ((message: string) => pulumi.log.info(message));
    return async (args: pulumi.ResourceHookArgs): Promise<void> => {
        if (options.seconds <= 0 || isDryRun()) {
            return;
        }
        if (!liveSelectorChanged(args.oldInputs, args.newInputs)) {
            return;
        }
        log(`${args.name}: the live Service switched color; the old color scales down in ${options.seconds}s`);
        await sleep(options.seconds * 1000);
    };
}

/** The named `afterUpdate` hook of a blue-green's live Service (named after the component, so two never clash). */
export function scaleDownDelayHook(component: string, options: ScaleDownDelayOptions): pulumi.ResourceHook {
    return new pulumi.ResourceHook(`${component}-scale-down-delay`, scaleDownDelayCallback(options));
}

/**
 * Whether the old color loses pods after a switch: it is removed, or its `idleReplicas` is below `replicas`
 * (an unknown replica count counts as a scale-down, to stay safe). Without a scale-down there is nothing to wait for.
 */
export function oldColorScalesDown(
    removeIdle: boolean | undefined,
    idleReplicas: number | undefined,
    replicas: number | undefined,
): boolean {
    if (removeIdle === true) {
        return true;
    }
    if (idleReplicas === undefined) {
        return false;
    }
    return replicas === undefined || idleReplicas < replicas;
}
