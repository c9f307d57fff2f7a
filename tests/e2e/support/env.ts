import * as path from "path";

/** The repository root (tests run from bin/tests/e2e/support). */
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");
/** The policy pack directory passed to `pulumi up --policy-pack`. */
export const POLICY_PACK = path.join(REPO, "policies");
