/**
 * The real {@link Engine}: the user's own stack program and state through the Pulumi Automation API (a
 * LocalWorkspace on the project directory), the cluster through @kubernetes/client-node, Prometheus over HTTP and
 * command gates as local processes.
 */
import { execFile } from "child_process";
import { existsSync } from "fs";
import * as path from "path";
import { EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { ROLLOUT_CONFIG_NAMESPACE, rolloutConfigKey, rolloutReadMarker } from "../../contract/rolloutPlan";
import { judgeExitCode, judgePrometheus } from "./analysis";
import type { RolloutOptions } from "./args";
import { Clients, connect, measureHttp, measureJob, sleep, waitReady } from "./cluster";
import { Engine, Measurement, ProgressEvent, ResolvedAnalysis } from "./engine";
import { positionPath, readPosition, writePosition } from "./position";
import { ComponentResources, StateResource, findComponent } from "./stackState";

/** The policy packs of an up: the given ones, or the project's `policies/` when it holds a PulumiPolicy.yaml. */
export function policyPacksFor(options: Pick<RolloutOptions, "cwd" | "policyPacks">): string[] {
    if (options.policyPacks.length > 0) {
        return options.policyPacks.map((p) => path.resolve(options.cwd, p));
    }
    const local = path.join(options.cwd, "policies");
    return existsSync(path.join(local, "PulumiPolicy.yaml")) ? [local] : [];
}

/** The lines of a failed up worth showing: errors and policy violations, else the last lines. */
export function upErrorSummary(text: string): string {
    const lines = text.split("\n").map((l) => l.trim());
    const useful = lines.filter((l) => /error|mandatory|violat/i.test(l) && !/^\s*$/.test(l));
    return (useful.length > 0 ? useful.slice(0, 6) : lines.filter((l) => l !== "").slice(-6)).join(" | ");
}

/** Reads a Prometheus instant query's first value (vector sample or scalar). */
export async function queryPrometheus(address: string, query: string, timeoutMs = 10000): Promise<number | undefined> {
    const url = `${address.replace(/\/$/, "")}/api/v1/query?query=${encodeURIComponent(query)}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
        throw new Error(`Prometheus answered ${response.status} for ${url}`);
    }
    const body = (await response.json()) as {
        data?: { resultType?: string; result?: unknown };
    };
    const result = body.data?.result;
    if (body.data?.resultType === "scalar" && Array.isArray(result)) {
        return Number(result[1]);
    }
    if (Array.isArray(result) && result.length > 0) {
        const first = result[0] as { value?: [number, string] };
        return first.value ? Number(first.value[1]) : undefined;
    }
    return undefined;
}

/** Runs a command gate on this machine: exit code 0 passes. */
function runCommand(run: readonly string[], timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<Measurement> {
    return new Promise((resolve) => {
        execFile(run[0], run.slice(1), { timeout: timeoutSeconds * 1000, env }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
            resolve(judgeExitCode(run.join(" "), code, `${stdout}\n${stderr}`));
        });
    });
}

/** Writes progress lines to a sink. */
export type ProgressSink = (event: ProgressEvent) => void;

/** Creates the engine for one stack and component. */
export async function createAutomationEngine(options: RolloutOptions, sink: ProgressSink): Promise<Engine> {
    const stack: Stack = await LocalWorkspace.selectStack({ stackName: options.stack, workDir: options.cwd });
    const key = `${ROLLOUT_CONFIG_NAMESPACE}:${rolloutConfigKey(options.component)}`;
    const positionFile = positionPath(options.cwd, options.stack, options.component);
    const policyPacks = policyPacksFor(options);
    let component: ComponentResources | undefined;
    let clients: Clients | undefined;
    const cluster = (): Clients => (clients ??= connect(options.kubeconfig, options.context));
    const described = (): ComponentResources => {
        if (!component) {
            throw new Error("describe() must run first");
        }
        return component;
    };

    return {
        async describe(name) {
            const exported = await stack.exportStack();
            const resources = (exported.deployment as { resources?: StateResource[] } | undefined)?.resources ?? [];
            component = findComponent(resources, name, options.stack);
            return component.info;
        },
        async setState(value) {
            await stack.setConfig(key, { value: JSON.stringify(value) });
        },
        async programReadsState() {
            const marker = rolloutReadMarker(options.component);
            let seen = false;
            await stack.preview({
                onEvent: (event: EngineEvent) => {
                    seen ||= event.diagnosticEvent?.message.includes(marker) ?? false;
                },
            });
            return seen;
        },
        async probe(analysis: ResolvedAnalysis) {
            if (analysis.kind === "prometheus" && analysis.prometheus) {
                const { address, query } = analysis.prometheus;
                try {
                    await queryPrometheus(address, query, 5000);
                } catch (err) {
                    return `Prometheus at ${address} is unreachable (${err instanceof Error ? err.message : String(err)}); check the address, or run the driver where it can reach Prometheus (for example through kubectl port-forward)`;
                }
            }
            if (analysis.kind === "command" && analysis.command && !analysis.command.run[0]) {
                return "the command gate has no program";
            }
            return undefined;
        },
        async up(message, signal) {
            let output = "";
            try {
                await stack.up({ policyPacks, message, signal, onOutput: (text) => (output += text) });
            } catch (err) {
                throw new Error(upErrorSummary(`${err instanceof Error ? err.message : String(err)}\n${output}`));
            }
        },
        waitReady: (signal) => waitReady(cluster(), described(), options.timeoutSeconds * 1000, signal),
        async measure(analysis, signal) {
            switch (analysis.kind) {
                case "http":
                    return measureHttp(cluster(), described(), analysis);
                case "job":
                    return measureJob(cluster(), described(), analysis, signal);
                case "prometheus": {
                    const prometheus = analysis.prometheus;
                    if (!prometheus) {
                        throw new Error("not a Prometheus gate");
                    }
                    return judgePrometheus(
                        await queryPrometheus(prometheus.address, prometheus.query),
                        prometheus.successCondition,
                    );
                }
                case "command": {
                    const command = analysis.command ?? { run: [] };
                    return runCommand(command.run, command.timeoutSeconds ?? 300, {
                        ...process.env,
                        K8S_WORKLOADS_ROLLOUT_COMPONENT: options.component,
                        K8S_WORKLOADS_ROLLOUT_STACK: options.stack,
                        K8S_WORKLOADS_ROLLOUT_NAMESPACE: described().info.namespace,
                    });
                }
                default: {
                    const unreachable: never = analysis.kind;
                    throw new Error(`unknown analysis kind ${String(unreachable)}`);
                }
            }
        },
        sleep,
        now: () => Date.now(),
        emit: sink,
        loadPosition: () => readPosition(positionFile),
        savePosition: (position) => writePosition(positionFile, position),
    };
}
