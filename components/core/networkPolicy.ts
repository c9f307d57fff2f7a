import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { objectMeta } from "./metadata";
import { checkLabels, checkObjectList } from "./k8sRules";
import { childName } from "./naming";
import { Problems, show } from "./validation";

/**
 * One set of peers allowed to reach a workload's pods. Both selectors set: pods matching `podSelector` in the
 * namespaces matching `namespaceSelector`. Only `podSelector`: pods of the workload's own namespace. Only
 * `namespaceSelector`: every pod of the matching namespaces. An empty map selects everything of its kind.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
export interface NetworkPeerArgs {
    /** Labels of the allowed pods, for example `{ app: "frontend" }`. Default: none. @default none */
    readonly podSelector?: Record<string, string>;
    /**
     * Labels of the allowed namespaces, for example `{ "kubernetes.io/metadata.name": "ingress-nginx" }`. Default:
     * none.
     * @default none
     */
    readonly namespaceSelector?: Record<string, string>;
}

/**
 * A NetworkPolicy for the component's pods: ingress to its own ports from `allowFrom`, the rest of ingress denied.
 * Egress is not restricted.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface NetworkPolicyArgs {
    /** Creates the NetworkPolicy. Default: false. @default false */
    readonly enabled?: boolean;
    /**
     * Who may reach the component's ports. Default: every pod of the component's namespace (`[{ podSelector: {} }]`).
     * @default every pod of the component's namespace (`[{ podSelector: {} }]`)
     */
    readonly allowFrom?: NetworkPeerArgs[];
}

/** The peers allowed when `allowFrom` is not given: every pod of the same namespace. */
export const DEFAULT_NETWORK_PEERS: readonly NetworkPeerArgs[] = [{ podSelector: {} }];

/** What a component's NetworkPolicy opens: the ports for the allowed peers, and the ports only its own pods use. */
export interface NetworkPolicyPorts {
    /** Container ports the allowed peers may reach (the Service's target ports); none denies all ingress. */
    readonly ports: readonly number[];
    /**
     * Container ports only the component's own pods may reach (replication, cluster bus). Default: none.
     * @default none
     */
    readonly peerPorts?: readonly number[];
}

/** True when the component should create its NetworkPolicy. */
export function networkPolicyEnabled(args: NetworkPolicyArgs | undefined): boolean {
    return args?.enabled === true;
}

/** The NetworkPolicy peer of one {@link NetworkPeerArgs}. */
export function buildNetworkPeer(peer: NetworkPeerArgs): k8s.types.input.networking.v1.NetworkPolicyPeer {
    return {
        ...(peer.podSelector !== undefined ? { podSelector: { matchLabels: peer.podSelector } } : {}),
        ...(peer.namespaceSelector !== undefined ? { namespaceSelector: { matchLabels: peer.namespaceSelector } } : {}),
    };
}

function tcpPorts(ports: readonly number[]): k8s.types.input.networking.v1.NetworkPolicyPort[] {
    return [...new Set(ports)].map((port) => ({ protocol: "TCP", port }));
}

/**
 * The NetworkPolicy spec selecting the pods of `selector`: ingress only to `ports` from the allowed peers and to
 * `peerPorts` from the same pods; with no ports at all it denies every ingress.
 */
export function buildNetworkPolicySpec(
    selector: Record<string, string>,
    ports: NetworkPolicyPorts,
    args: NetworkPolicyArgs | undefined,
): k8s.types.input.networking.v1.NetworkPolicySpec {
    const peers = (args?.allowFrom ?? DEFAULT_NETWORK_PEERS).map(buildNetworkPeer);
    const rules: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = [];
    if (ports.ports.length > 0) {
        rules.push({ from: peers, ports: tcpPorts(ports.ports) });
    }
    const peerPorts = ports.peerPorts ?? [];
    if (peerPorts.length > 0) {
        rules.push({ from: [{ podSelector: { matchLabels: selector } }], ports: tcpPorts(peerPorts) });
    }
    return { podSelector: { matchLabels: selector }, policyTypes: ["Ingress"], ingress: rules };
}

/**
 * Validates the NetworkPolicy args: `allowFrom` is a list of objects, every peer names at least one selector, and
 * each selector is a valid label map.
 */
export function validateNetworkPolicy(problems: Problems, field: string, args: NetworkPolicyArgs | undefined): void {
    const example = `[{ podSelector: { app: "frontend" } }]`;
    if (!checkObjectList(problems, `${field}.allowFrom`, args?.allowFrom, example)) {
        return;
    }
    (args?.allowFrom ?? []).forEach((peer, i) => {
        if (peer.podSelector === undefined && peer.namespaceSelector === undefined) {
            problems.add(
                `${field}.allowFrom[${i}]`,
                `${field}.allowFrom[${i}] needs a podSelector or a namespaceSelector (got ${show(peer)}); for example { podSelector: { app: "frontend" } }, or { podSelector: {} } for every pod of the namespace`,
            );
        }
        checkLabels(problems, `${field}.allowFrom[${i}].podSelector`, peer.podSelector);
        checkLabels(problems, `${field}.allowFrom[${i}].namespaceSelector`, peer.namespaceSelector);
    });
}

/** Where the NetworkPolicy goes and what it selects. */
export interface NetworkPolicyTarget {
    /** The component's name; the policy is `<name>-netpol`. */
    readonly name: string;
    readonly namespace: pulumi.Input<string> | undefined;
    readonly labels: Record<string, string>;
    readonly annotations?: Record<string, string>;
    /** The labels that select the component's pods. */
    readonly selector: Record<string, string>;
}

/**
 * Creates the component's NetworkPolicy (as a child of `parent`) when `args.enabled` is true; otherwise nothing.
 * @returns the NetworkPolicy, or undefined when disabled
 */
export function createNetworkPolicy(
    parent: pulumi.Resource,
    target: NetworkPolicyTarget,
    ports: NetworkPolicyPorts,
    args: NetworkPolicyArgs | undefined,
): k8s.networking.v1.NetworkPolicy | undefined {
    if (!networkPolicyEnabled(args)) {
        return undefined;
    }
    const name = childName(target.name, "netpol");
    return new k8s.networking.v1.NetworkPolicy(
        name,
        {
            metadata: objectMeta(name, target.namespace, target.labels, target.annotations),
            spec: buildNetworkPolicySpec(target.selector, ports, args),
        },
        { parent },
    );
}

/** The NetworkPolicy option of the components whose pods can be selected by one. */
export interface NetworkPolicyOptionArgs {
    /**
     * A NetworkPolicy for the pods: ingress to the component's own ports from `allowFrom` (every pod of the namespace
     * by default), the rest of ingress denied. Default: off (`enabled: false`).
     * @default off (`enabled: false`)
     * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
     */
    readonly networkPolicy?: NetworkPolicyArgs;
}
