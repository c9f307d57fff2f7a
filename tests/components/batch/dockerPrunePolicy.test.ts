import * as assert from "assert";
import { LogCleanup, LogCleanupArgs } from "../../../components";
import { checkPulumiResources } from "../../../policies/engine";
import { render } from "../../harness/mocks";

/** The mandatory rule names the whole pack reports for a LogCleanup. */
async function mandatoryFindings(name: string, args: LogCleanupArgs): Promise<string[]> {
    const resources = await render(() => new LogCleanup(name, args));
    return checkPulumiResources(resources.map((r) => ({ type: r.type, props: r.inputs })))
        .filter((v) => v.enforcementLevel === "mandatory")
        .map((v) => `${v.policy}: ${v.message}`);
}

describe("LogCleanup docker prune and the policy pack", () => {
    it("passes by default (read-only /var/log cleanup, no socket)", async () => {
        assert.deepStrictEqual(await mandatoryFindings("clean", { schedule: "0 0 * * 0", maxAgeDays: 30 }), []);
    });

    it("is flagged with dockerPrune on, for the socket and the writable host paths", async () => {
        const findings = await mandatoryFindings("prune", { schedule: "0 0 * * 0", maxAgeDays: 30, dockerPrune: true });
        assert.ok(findings.length > 0);
        assert.ok(
            findings.every((f) => f.startsWith("host-path-restricted: ")),
            findings.join("\n"),
        );
        assert.ok(
            findings.some((f) => f.includes("container-runtime socket")),
            findings.join("\n"),
        );
    });

    it("passes with dockerPrune on only when the CronJob carries an exemption with a reason", async () => {
        const exempt = await mandatoryFindings("prune-ok", {
            schedule: "0 0 * * 0",
            maxAgeDays: 30,
            dockerPrune: true,
            exemptions: ["host-path-restricted"],
            exemptionReason: "legacy Docker nodes: image pruning approved by the platform team",
        });
        assert.deepStrictEqual(exempt, []);
    });
});
