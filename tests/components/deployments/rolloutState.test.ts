/**
 * The rolloutState helper: reads the driver's JSON, falls back when unset, refuses bad values and the wrong config
 * namespace, and logs the marker the driver's preflight looks for.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parseRolloutState, rolloutConfigKey, rolloutReadMarker, rolloutState } from "k8s-workloads";

/** A config reader over a map, as pulumi.Config reads `k8s-workloads:<key>`. */
function config(values: Record<string, string>, name = "k8s-workloads") {
    return { name, get: (key: string) => values[key] };
}

describe("rolloutState", () => {
    let logged: string[] = [];
    const original = pulumi.log.info;
    beforeEach(() => {
        logged = [];
        (pulumi.log as { info: (message: string) => Promise<void> }).info = async (message: string) => {
            logged.push(message);
        };
    });
    afterEach(() => {
        (pulumi.log as { info: typeof original }).info = original;
    });

    it("uses the key rollout.<component> of the k8s-workloads namespace", () => {
        assert.strictEqual(rolloutConfigKey("shop"), "rollout.shop");
        assert.strictEqual(rolloutReadMarker("shop"), "k8s-workloads rollout: shop reads k8s-workloads:rollout.shop");
    });

    it("reads the canary and blue-green states the driver writes, and logs the marker", () => {
        const values = {
            "rollout.shop": '{"canaryWeight":25,"promote":false}',
            "rollout.webapp": '{"activeColor":"green","scaleDownIdle":true}',
        };
        assert.deepStrictEqual(rolloutState(config(values), "shop"), {
            active: true,
            canaryWeight: 25,
            promote: false,
            activeColor: undefined,
            scaleDownIdle: undefined,
        });
        assert.strictEqual(rolloutState(config(values), "webapp").activeColor, "green");
        assert.deepStrictEqual(logged, [
            'k8s-workloads rollout: shop reads k8s-workloads:rollout.shop = {"canaryWeight":25,"promote":false}',
            'k8s-workloads rollout: webapp reads k8s-workloads:rollout.webapp = {"activeColor":"green","scaleDownIdle":true}',
        ]);
    });

    it("is inactive, quiet and all undefined when no rollout has run", () => {
        assert.deepStrictEqual(rolloutState(config({}), "shop"), { active: false });
        assert.deepStrictEqual(logged, []);
    });

    it("refuses the config of another namespace, naming the fix", () => {
        assert.throws(
            () => rolloutState(config({}, "myapp"), "shop"),
            /^Error: rolloutState needs the config of namespace "k8s-workloads" \(got "myapp"\); pass new pulumi.Config\("k8s-workloads"\)$/,
        );
    });

    it("refuses values the driver never writes, naming the key and the way out", () => {
        const cases: Array<[string, string]> = [
            ["not json", 'must be a JSON object (got "not json")'],
            ["[1]", 'must be a JSON object (got "[1]")'],
            ['{"weight":5}', "has unknown fields weight (allowed: canaryWeight, promote, activeColor, scaleDownIdle)"],
            ['{"canaryWeight":120}', "canaryWeight must be between 0 and 100 (got 120)"],
            ['{"activeColor":"red"}', 'activeColor must be "blue" or "green" (got "red")'],
            ['{"promote":"yes"}', 'promote must be true or false (got "yes")'],
        ];
        for (const [raw, detail] of cases) {
            assert.throws(
                () => parseRolloutState("shop", raw),
                (err: Error) =>
                    err.message ===
                    `k8s-workloads:rollout.shop ${detail}; it is written by "k8s-workloads rollout shop": run "k8s-workloads rollout shop --abort", or remove it with "pulumi config rm k8s-workloads:rollout.shop"`,
                raw,
            );
        }
    });
});
