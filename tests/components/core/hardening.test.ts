import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { core, validateRollingDeploymentArgs } from "../../../components/internal";
import { MySqlCluster, RollingDeployment, StatefulService } from "../../../components";
import { validationError } from "../../harness/mocks";

const BASE = { image: "nginx:1.27", port: 8080 };

function messages(args: Record<string, unknown>): string[] {
    return validateRollingDeploymentArgs({ ...BASE, ...args })
        .list()
        .map((p) => p.message);
}

describe("hardening: bad input never reaches the cluster", () => {
    it("show prints NaN and Infinity as written", () => {
        assert.strictEqual(core.show(NaN), "NaN");
        assert.strictEqual(core.show(Infinity), "Infinity");
        assert.strictEqual(core.show({ a: -Infinity }), '{"a":"-Infinity"}');
    });

    it("rejects names that do not fit their longest child, naming the child and the limit", () => {
        assert.match(
            validationError(() => new StatefulService("a".repeat(53), { ...BASE })),
            /its StatefulSet "a{53}" would have 53 characters, over the limit of 52; use a name of at most 52 characters/,
        );
        assert.match(
            validationError(() => new RollingDeployment("Web_App", BASE)),
            /name must be a DNS-1123 label: lower-case ASCII letters.*\(got "Web_App"\)/,
        );
        assert.match(
            validationError(() => new RollingDeployment("9web", BASE)),
            /name must start with a letter, since it names the Service "9web" \(a DNS-1035 label\) \(got "9web"\)/,
        );
    });

    it("rejects Kubernetes rule violations with the field, the value and the fix", () => {
        assert.deepStrictEqual(messages({ livenessProbe: { successThreshold: 2 } }), [
            "livenessProbe.successThreshold must be 1 (got 2); Kubernetes allows only 1 for liveness probes",
        ]);
        assert.deepStrictEqual(messages({ minReadySeconds: 600 }), [
            "minReadySeconds must be less than progressDeadlineSeconds (got 600 with progressDeadlineSeconds 600); lower minReadySeconds or raise progressDeadlineSeconds",
        ]);
        assert.deepStrictEqual(messages({ extraPorts: [{ name: "http", containerPort: 8080, protocol: "HTTP" }] }), [
            'extraPorts[0].protocol must be one of "TCP", "UDP", "SCTP" (got "HTTP")',
            'extraPorts[0].name repeats the port name "http" of portName; every port name must be unique',
        ]);
        assert.deepStrictEqual(messages({ extraPorts: [{ name: "metrics", containerPort: 8080 }] }), [
            'extraPorts[0].containerPort repeats the port and protocol "8080/TCP" of port; every port and protocol must be unique',
        ]);
        assert.deepStrictEqual(messages({ tolerations: [{ key: "k", operator: "Exists", value: "v" }] }), [
            'tolerations[0].value must be empty when operator is "Exists" (got "v"); drop the value or use "Equal"',
        ]);
        assert.deepStrictEqual(messages({ autoscaling: { minReplicas: 2 } }), [
            "autoscaling.maxReplicas is required (got undefined); give the most pods the autoscaler may run, for example 10",
        ]);
    });

    it("rejects wrong types with the named error, not a TypeError or a split string", () => {
        assert.deepStrictEqual(messages({ command: "migrate" }), [
            'command must be a list of strings (got "migrate"); for example ["/app/server", "--serve"]',
        ]);
        assert.deepStrictEqual(messages({ extraPorts: [null] }), [
            'extraPorts[0] must be an object (got null); for example [{ name: "metrics", containerPort: 9090 }]',
        ]);
        assert.deepStrictEqual(messages({ env: { PORT: 8080 } }), [
            'env.PORT must be a string or an Output of one (got 8080); quote it, for example "8080"',
        ]);
        assert.deepStrictEqual(messages({ replicas: 2 ** 31 }), [
            "replicas must be at most 1000 (got 2147483648); give the number of pods to run, for example 3",
        ]);
        assert.match(
            validationError(() => new MySqlCluster("mysql", { replicas: 2 ** 31, rootPassword: pulumi.secret("x") })),
            /replicas must be at most 1000 \(got 2147483648\)/,
        );
    });
});
