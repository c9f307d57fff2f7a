import { ComponentName, typeToken } from "./naming";
import { ChildNameRule, NAME_LIMITS, labelChild, serviceChild, subdomainChild, withNameProblems } from "./names";
import { Problems, throwIfInvalid } from "./validation";

/** A StatefulSet child named like the component (the controller adds a revision hash and ordinals). */
const statefulSetChild: ChildNameRule = { suffix: "", kind: "StatefulSet", limit: NAME_LIMITS.statefulSet };
/** A CronJob child named like the component (the controller adds an 11-digit time to each Job). */
const cronJobChild: ChildNameRule = { suffix: "", kind: "CronJob", limit: NAME_LIMITS.cronJob };

/** The components whose children do not depend on their args; ABTestDeployment's depend on its variants. */
export type FixedChildrenComponent = Exclude<ComponentName, "ABTestDeployment">;

/**
 * Every child each component's name becomes, one table per component: the name is checked against each entry
 * before anything is created. The compiler proves every component with fixed children has its table.
 */
export const CHILD_NAMES: Readonly<Record<FixedChildrenComponent, readonly ChildNameRule[]>> = {
    RollingDeployment: [
        labelChild("", "Deployment"),
        serviceChild(""),
        subdomainChild("-pdb", "PodDisruptionBudget"),
        subdomainChild("-hpa", "HorizontalPodAutoscaler"),
        subdomainChild("-env", "env Secret"),
        subdomainChild("-netpol", "NetworkPolicy"),
    ],
    BlueGreenDeployment: [
        serviceChild("", "live Service"),
        serviceChild("-preview", "preview Service"),
        labelChild("-green", "green Deployment"),
        labelChild("-blue", "blue Deployment"),
        subdomainChild("-pdb", "PodDisruptionBudget"),
        subdomainChild("-green-env", "env Secret"),
        subdomainChild("-netpol", "NetworkPolicy"),
    ],
    CanaryDeployment: [
        serviceChild(""),
        serviceChild("-stable", "stable Service"),
        serviceChild("-canary", "canary Service"),
        labelChild("-stable", "stable Deployment"),
        labelChild("-canary", "canary Deployment"),
        subdomainChild("-pdb", "PodDisruptionBudget"),
        subdomainChild("-canary-ingress", "canary Ingress"),
        subdomainChild("-stable-env", "env Secret"),
        subdomainChild("-netpol", "NetworkPolicy"),
    ],
    StatefulService: [
        statefulSetChild,
        serviceChild("-headless", "headless Service"),
        serviceChild("-svc", "client Service"),
        subdomainChild("-pdb", "PodDisruptionBudget"),
        subdomainChild("-env", "env Secret"),
        subdomainChild("-netpol", "NetworkPolicy"),
    ],
    MySqlCluster: [
        statefulSetChild,
        serviceChild("-headless", "headless Service"),
        serviceChild("-read", "read Service"),
        subdomainChild("-credentials", "credentials Secret"),
        subdomainChild("-config", "ConfigMap"),
        subdomainChild("-pdb", "PodDisruptionBudget"),
        subdomainChild("-netpol", "NetworkPolicy"),
    ],
    RedisCluster: [
        statefulSetChild,
        serviceChild("-headless", "headless Service"),
        labelChild("-bootstrap", "bootstrap Job (and its instance label value)"),
        subdomainChild("-credentials", "credentials Secret"),
        subdomainChild("-config", "ConfigMap"),
        subdomainChild("-pdb", "PodDisruptionBudget"),
        subdomainChild("-netpol", "NetworkPolicy"),
        subdomainChild("-bootstrap-netpol", "bootstrap NetworkPolicy"),
    ],
    LogCollector: [
        labelChild("", "DaemonSet"),
        subdomainChild("-sa", "ServiceAccount"),
        subdomainChild("-config", "ConfigMap"),
        subdomainChild("-env", "env Secret"),
        subdomainChild("-netpol", "NetworkPolicy"),
    ],
    NodeExporter: [labelChild("", "DaemonSet"), serviceChild("-headless", "headless Service")],
    MigrationJob: [labelChild("-0123456789", "Job"), subdomainChild("-migrations", "ConfigMap")],
    DatabaseBackup: [cronJobChild, subdomainChild("-storage", "PersistentVolumeClaim")],
    LogCleanup: [cronJobChild],
};

/**
 * The first step of every component's constructor, made inside its `super(...)` call so that it runs before the
 * component itself is registered: throws one error listing the name's problems (against every child it becomes)
 * and the args' problems, and otherwise returns the component's type token. Nothing exists yet when it throws.
 *
 * @param component The component's class name, which starts the message.
 * @param name The component's name.
 * @param argProblems What the component's validator found in its args.
 * @param children The children the name becomes; by default the component's table in {@link CHILD_NAMES}.
 * @example
 * super(validComponentType("RollingDeployment", name, validateRollingDeploymentArgs(args)), name, {}, opts);
 */
export function validComponentType(
    component: ComponentName,
    name: string,
    argProblems: Problems,
    children: readonly ChildNameRule[] = fixedChildrenOf(component),
): string {
    throwIfInvalid(component, name, withNameProblems(argProblems, name, children));
    return typeToken(component);
}

/** The table of a component with fixed children; ABTestDeployment's children come from `abChildren(args)`. */
function fixedChildrenOf(component: ComponentName): readonly ChildNameRule[] {
    if (component === "ABTestDeployment") {
        throw new Error("ABTestDeployment's children depend on its variants: pass abChildren(args)");
    }
    return CHILD_NAMES[component];
}
