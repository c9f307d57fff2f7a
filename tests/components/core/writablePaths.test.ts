import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, at, render, validationError } from "../../harness/mocks";
import { StatefulService, core } from "../../../components/internal";
import { CASES, ComponentCase } from "../generated/cases";

/** The web workloads: their root filesystem is read-only by default, with /tmp writable. */
const WEB = ["RollingDeployment", "BlueGreenDeployment", "CanaryDeployment", "ABTestDeployment", "StatefulService"];

/** Every pod template a set of resources holds (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs). */
function podTemplates(resources: readonly RecordedResource[]): { owner: string; template: unknown }[] {
    const out: { owner: string; template: unknown }[] = [];
    for (const r of resources) {
        const template = at(r.inputs, "spec.template") ?? at(r.inputs, "spec.jobTemplate.spec.template");
        if (template !== undefined) {
            out.push({ owner: `${r.type.split(":").pop() ?? r.type}/${r.name}`, template });
        }
    }
    return out;
}

interface Mount {
    readonly name: string;
    readonly mountPath: string;
}

function mountsOf(template: unknown, container = 0): Mount[] {
    return (at(template, `spec.containers.${container}.volumeMounts`) ?? []) as Mount[];
}

function volumesOf(template: unknown): { name: string; emptyDir?: unknown }[] {
    return (at(template, "spec.volumes") ?? []) as { name: string; emptyDir?: unknown }[];
}

function writableMounts(template: unknown, container = 0): Mount[] {
    return mountsOf(template, container).filter((m) => m.name.startsWith(core.WRITABLE_VOLUME_PREFIX));
}

async function build(c: ComponentCase, args: Record<string, unknown>): Promise<RecordedResource[]> {
    return render(() => c.build("wp", { ...c.base(), ...args }));
}

function problemsOf(value: unknown): string[] {
    const problems = new core.Problems();
    core.validateWritablePaths(problems, "writablePaths", value);
    return problems.list().map((p) => `${p.field}: ${p.message}`);
}

describe("writablePaths", () => {
    describe("validation", () => {
        it("accepts absolute paths, and nothing at all", () => {
            assert.deepStrictEqual(problemsOf(undefined), []);
            assert.deepStrictEqual(problemsOf([]), []);
            assert.deepStrictEqual(problemsOf(["/tmp", "/var/cache/nginx", "/run/app/"]), []);
        });

        it("rejects relative paths, '..', the root and repeats, naming the field, the value and the fix", () => {
            assert.deepStrictEqual(problemsOf(["tmp", "/var/../etc", "/", "/tmp", "/tmp/", "//./"]), [
                'writablePaths[0]: writablePaths[0] must be an absolute container path starting with "/" (got "tmp"); for example "/tmp"',
                'writablePaths[1]: writablePaths[1] must not contain ".." (got "/var/../etc"); give the directory itself, for example "/var/cache/nginx"',
                'writablePaths[2]: writablePaths[2] must not be "/" (got "/"): an emptyDir over the root would hide the whole image; list the directories the process writes, for example "/tmp", or set security.readOnlyRootFilesystem to false',
                'writablePaths[5]: writablePaths[5] must not be "/" (got "//./"): an emptyDir over the root would hide the whole image; list the directories the process writes, for example "/tmp", or set security.readOnlyRootFilesystem to false',
                'writablePaths[4]: writablePaths[4] repeats the writable path "/tmp" of writablePaths[3]; every writable path must be unique',
                'writablePaths[5]: writablePaths[5] repeats the writable path "/" of writablePaths[2]; every writable path must be unique',
            ]);
        });

        it("rejects a string, non-strings and Outputs", () => {
            assert.deepStrictEqual(problemsOf("/tmp"), [
                'writablePaths: writablePaths must be a list of strings (got "/tmp"); for example ["/tmp", "/var/cache/nginx"]',
            ]);
            assert.deepStrictEqual(problemsOf([7, pulumi.output("/tmp")]), [
                'writablePaths[0]: writablePaths[0] must be a string (got 7); for example ["/tmp", "/var/cache/nginx"]',
                'writablePaths[1]: writablePaths[1] must be a plain string, not an Output (got an Output); for example "/tmp"',
            ]);
            assert.deepStrictEqual(problemsOf(pulumi.output(["/tmp"])), [
                'writablePaths: writablePaths must be a plain list of paths, not an Output (got an Output); for example ["/tmp", "/var/cache/nginx"]',
            ]);
        });

        it("normalizes container paths", () => {
            assert.strictEqual(core.normalizeContainerPath("/var//cache/./nginx/"), "/var/cache/nginx");
            assert.strictEqual(core.normalizeContainerPath("/./"), "/");
        });
    });

    describe("the pod template", () => {
        it("mounts one emptyDir per path in the main container only, after its own mounts", () => {
            const { containers, volumes } = core.withWritablePaths(
                [
                    { name: "app", image: "app:1", volumeMounts: [{ name: "data", mountPath: "/data" }] },
                    { name: "sidecar", image: "side:1" },
                ],
                [{ name: "data", emptyDir: {} }],
                ["/tmp", "/var/cache/app/"],
            );
            assert.deepStrictEqual(containers[0].volumeMounts, [
                { name: "data", mountPath: "/data" },
                { name: "writable-0", mountPath: "/tmp" },
                { name: "writable-1", mountPath: "/var/cache/app" },
            ]);
            assert.strictEqual(containers[1].volumeMounts, undefined);
            assert.deepStrictEqual(volumes, [
                { name: "data", emptyDir: {} },
                { name: "writable-0", emptyDir: {} },
                { name: "writable-1", emptyDir: {} },
            ]);
        });

        it("leaves a path the main container already mounts to that mount, and changes nothing without paths", () => {
            const app = { name: "app", image: "app:1", volumeMounts: [{ name: "tmp", mountPath: "/tmp" }] };
            const kept = core.withWritablePaths([app], [{ name: "tmp", emptyDir: {} }], ["/tmp/", "/run"]);
            assert.deepStrictEqual(kept.containers[0].volumeMounts, [
                { name: "tmp", mountPath: "/tmp" },
                { name: "writable-1", mountPath: "/run" },
            ]);
            assert.deepStrictEqual(kept.volumes, [
                { name: "tmp", emptyDir: {} },
                { name: "writable-1", emptyDir: {} },
            ]);
            assert.deepStrictEqual(core.withWritablePaths([app], undefined, []), {
                containers: [app],
                volumes: undefined,
            });
        });
    });

    describe("every component takes it, through the shared pod args", () => {
        for (const c of CASES) {
            it(`${c.type}: mounts each writable path as an emptyDir in the main container`, async () => {
                const resources = await build(c, { writablePaths: ["/var/cache/app", "/run/app"] });
                const templates = podTemplates(resources).filter((t) => writableMounts(t.template).length > 0);
                assert.ok(templates.length > 0, `${c.type}: no pod template mounts the writable paths`);
                for (const { owner, template } of templates) {
                    assert.deepStrictEqual(
                        writableMounts(template),
                        [
                            { name: "writable-0", mountPath: "/var/cache/app" },
                            { name: "writable-1", mountPath: "/run/app" },
                        ],
                        owner,
                    );
                    assert.deepStrictEqual(
                        volumesOf(template).filter((v) => v.name.startsWith("writable-")),
                        [
                            { name: "writable-0", emptyDir: {} },
                            { name: "writable-1", emptyDir: {} },
                        ],
                        owner,
                    );
                }
            });

            it(`${c.type}: rejects a bad writable path before any child exists`, () => {
                const message = validationError(() => c.build("wp", { ...c.base(), writablePaths: ["cache"] }));
                assert.match(
                    message,
                    /writablePaths\[0\] must be an absolute container path starting with "\/" \(got "cache"\)/,
                );
            });
        }
    });

    describe("the web workloads' read-only root filesystem", () => {
        for (const c of CASES.filter((k) => WEB.includes(k.type))) {
            it(`${c.type}: read-only by default, with /tmp writable`, async () => {
                const templates = podTemplates(await build(c, {}));
                assert.ok(templates.length > 0);
                for (const { owner, template } of templates) {
                    assert.strictEqual(
                        at(template, "spec.containers.0.securityContext.readOnlyRootFilesystem"),
                        true,
                        owner,
                    );
                    assert.deepStrictEqual(
                        writableMounts(template),
                        [{ name: "writable-0", mountPath: "/tmp" }],
                        owner,
                    );
                }
            });

            it(`${c.type}: security.readOnlyRootFilesystem false turns both off; writablePaths [] keeps the root read-only`, async () => {
                for (const { owner, template } of podTemplates(
                    await build(c, { security: { readOnlyRootFilesystem: false } }),
                )) {
                    assert.strictEqual(
                        at(template, "spec.containers.0.securityContext.readOnlyRootFilesystem"),
                        false,
                        owner,
                    );
                    assert.deepStrictEqual(writableMounts(template), [], owner);
                }
                for (const { owner, template } of podTemplates(await build(c, { writablePaths: [] }))) {
                    assert.strictEqual(
                        at(template, "spec.containers.0.securityContext.readOnlyRootFilesystem"),
                        true,
                        owner,
                    );
                    assert.deepStrictEqual(writableMounts(template), [], owner);
                }
            });
        }

        it("the other components keep their own defaults: no writable path unless asked", async () => {
            for (const c of CASES.filter((k) => !WEB.includes(k.type))) {
                for (const { owner, template } of podTemplates(await build(c, {}))) {
                    assert.deepStrictEqual(writableMounts(template), [], `${c.type} ${owner}`);
                }
            }
        });
    });

    describe("StatefulService: writable paths and claims do not overlap", () => {
        const base = { image: "nginx:1.27", port: 8080, replicas: 2 };
        it("rejects a writable path that is also a volume's mountPath", () => {
            const message = validationError(
                () =>
                    new StatefulService("web", {
                        ...base,
                        volumes: [{ name: "data", mountPath: "/data/", size: "1Gi" }],
                        writablePaths: ["/tmp", "/data"],
                    }),
            );
            assert.match(
                message,
                /writablePaths\[1\] "\/data" is already mounted by volumes\[0\]\.mountPath; a path is either a volume or a writable emptyDir: remove it from writablePaths/,
            );
        });

        it("reserves the writable volumes' names", () => {
            const message = validationError(
                () =>
                    new StatefulService("web", {
                        ...base,
                        volumes: [{ name: "writable-0", mountPath: "/data", size: "1Gi" }],
                    }),
            );
            assert.match(
                message,
                /volumes\[0\]\.name must not be one of the component's own volumes "writable-0" \(got "writable-0"\); pick another name/,
            );
        });

        it("leaves a volume at /tmp to the claim when writablePaths is defaulted", async () => {
            const resources = await render(
                () =>
                    new StatefulService("web", {
                        ...base,
                        volumes: [{ name: "scratch", mountPath: "/tmp", size: "1Gi" }],
                    }),
            );
            const [{ template }] = podTemplates(resources);
            assert.deepStrictEqual(mountsOf(template), [{ name: "scratch", mountPath: "/tmp" }]);
        });
    });
});
