import * as assert from "assert";
import { RecordedResource, at, find, ofType, render } from "../../harness/mocks";
import {
    ABTestDeployment,
    BlueGreenDeployment,
    CanaryDeployment,
    MySqlCluster,
    RollingDeployment,
    SKIP_AWAIT_ANNOTATION,
    StatefulService,
    core,
} from "../../../components/internal";

const SERVICE = "kubernetes:core/v1:Service";

/** The annotations of a rendered Service. */
function annotationsOf(resources: readonly RecordedResource[], name: string): Record<string, string> {
    return (at(find(resources, SERVICE, name).inputs, "metadata.annotations") ?? {}) as Record<string, string>;
}

/** Each component's selector Services, rendered with the given `awaitService`. */
const PROGRAMS: ReadonlyArray<{
    readonly component: string;
    readonly services: readonly string[];
    readonly build: (awaitService: boolean | undefined) => unknown;
}> = [
    {
        component: "RollingDeployment",
        services: ["api-svc"],
        build: (awaitService) => new RollingDeployment("api", { image: "nginx:1.21", port: 8080, awaitService }),
    },
    {
        component: "BlueGreenDeployment",
        services: ["web-svc", "web-preview-svc"],
        build: (awaitService) =>
            new BlueGreenDeployment("web", {
                port: 8080,
                blue: { image: "myapp:v1.0.0" },
                green: { image: "myapp:v2.0.0" },
                awaitService,
            }),
    },
    {
        component: "CanaryDeployment (nginx)",
        services: ["shop-svc", "shop-stable-svc", "shop-canary-svc"],
        build: (awaitService) =>
            new CanaryDeployment("shop", {
                port: 8080,
                stable: { image: "myapp:v1.0.0" },
                canary: { image: "myapp:v2.0.0" },
                canaryWeight: 20,
                traffic: "nginx",
                host: "shop.example.com",
                awaitService,
            }),
    },
    {
        component: "ABTestDeployment",
        services: ["ab-a-svc", "ab-b-svc", "ab-svc"],
        build: (awaitService) =>
            new ABTestDeployment("ab", {
                port: 8080,
                variants: [
                    { name: "a", image: "myapp:v1.0.0" },
                    { name: "b", image: "myapp:v1.0.0" },
                ],
                awaitService,
            }),
    },
    {
        component: "StatefulService (client Service)",
        services: ["st-svc"],
        build: (awaitService) =>
            new StatefulService("st", { image: "nginx:1.21", port: 80, clientService: true, awaitService }),
    },
    {
        component: "MySqlCluster (read Service)",
        services: ["db-read"],
        build: (awaitService) => new MySqlCluster("db", { rootPassword: "Sup3r-S3cret-Pa55word", awaitService }),
    },
];

describe("Service awaits", () => {
    it("serviceAwaitAnnotations skips the await unless awaitService is true", () => {
        assert.deepStrictEqual(core.serviceAwaitAnnotations(undefined), { [SKIP_AWAIT_ANNOTATION]: "true" });
        assert.deepStrictEqual(core.serviceAwaitAnnotations(false), { [SKIP_AWAIT_ANNOTATION]: "true" });
        assert.deepStrictEqual(core.serviceAwaitAnnotations(true), {});
        assert.strictEqual(SKIP_AWAIT_ANNOTATION, "pulumi.com/skipAwait");
    });

    for (const program of PROGRAMS) {
        it(`${program.component}: every selector Service skips the await by default`, async () => {
            const resources = await render(() => program.build(undefined));
            for (const service of program.services) {
                assert.strictEqual(annotationsOf(resources, service)[SKIP_AWAIT_ANNOTATION], "true", service);
            }
        });

        it(`${program.component}: awaitService: true restores the provider's await`, async () => {
            const resources = await render(() => program.build(true));
            for (const service of program.services) {
                assert.strictEqual(annotationsOf(resources, service)[SKIP_AWAIT_ANNOTATION], undefined, service);
            }
        });
    }

    it("headless Services stay as they were (the provider never awaits them)", async () => {
        const resources = await render(() => new StatefulService("hl", { image: "nginx:1.21", port: 80 }));
        const headless = ofType(resources, SERVICE);
        assert.deepStrictEqual(
            headless.map((s) => s.name),
            ["hl-headless"],
        );
        assert.strictEqual(annotationsOf(resources, "hl-headless")[SKIP_AWAIT_ANNOTATION], undefined);
    });

    it("keeps the role annotation and the user's annotations beside the skip", async () => {
        const resources = await render(
            () =>
                new BlueGreenDeployment("keep", {
                    port: 8080,
                    blue: { image: "myapp:v1.0.0" },
                    green: { image: "myapp:v2.0.0" },
                    annotations: { team: "web" },
                }),
        );
        assert.deepStrictEqual(annotationsOf(resources, "keep-svc"), {
            team: "web",
            "k8s-workloads.io/role": "live",
            [SKIP_AWAIT_ANNOTATION]: "true",
        });
    });
});
