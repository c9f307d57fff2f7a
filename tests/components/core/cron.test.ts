import * as assert from "assert";
import {
    CRON_MACROS,
    Problems,
    checkCronSchedule,
    cronScheduleProblem,
    isValidCronSchedule,
} from "../../../components/core";

describe("cron schedule validator", () => {
    const valid = [
        "0 2 * * *",
        "0 0 * * 0",
        "*/15 * * * *",
        "0-30/10 * * * *",
        "5/15 * * * *",
        "0 9-17 * * MON-FRI",
        "0 0 1,15 * *",
        "0 0 1 JAN,jul *",
        "30 4 ? * sun",
        "0 0 * * 6",
        "59 23 31 12 SAT",
        "  0   2 * *   *  ",
        ...CRON_MACROS,
        "@DAILY",
    ];
    for (const schedule of valid) {
        it(`accepts ${JSON.stringify(schedule)}`, () => {
            assert.strictEqual(cronScheduleProblem(schedule), undefined);
            assert.strictEqual(isValidCronSchedule(schedule), true);
        });
    }

    const invalid: [string, string][] = [
        ["", "it is empty"],
        ["   ", "it is empty"],
        ["0 2 * *", "it has 4 fields, not 5"],
        ["0 0 2 * * *", "it has 6 fields, not 5"],
        ["daily", "it has 1 field, not 5"],
        ["60 * * * *", "minute 60 is out of range 0-59"],
        ["0 24 * * *", "hour 24 is out of range 0-23"],
        ["0 0 0 * *", "day-of-month 0 is out of range 1-31"],
        ["0 0 32 * *", "day-of-month 32 is out of range 1-31"],
        ["0 0 * 13 *", "month 13 is out of range 1-12"],
        ["0 0 * * 7", "day-of-week 7 is out of range 0-6"],
        ["0 0 * FOO *", `month value "FOO" is not a number or a name such as JAN`],
        ["0 0 * * MONDAY", `day-of-week value "MONDAY" is not a number or a name such as SUN`],
        ["x * * * *", `minute value "x" is not a number`],
        ["-1 * * * *", `minute value "" is not a number`],
        ["*/0 * * * *", `minute step "0" must be a whole number of at least 1`],
        ["*/x * * * *", `minute step "x" must be a whole number of at least 1`],
        ["*/61 * * * *", "minute step 61 is larger than the field's range 0-59"],
        ["1/2/3 * * * *", `minute item "1/2/3" has more than one "/"`],
        ["30-10 * * * *", `minute range "30-10" starts after it ends`],
        ["1-2-3 * * * *", `minute range "1-2-3" has more than one "-"`],
        ["1,,2 * * * *", "minute has an empty list item"],
        ["? * * * *", `minute does not accept "?" (only day-of-month and day-of-week do)`],
        ["@every 5m", `unknown macro "@every 5m"; use one of ${CRON_MACROS.join(", ")}`],
        ["@reboot", `unknown macro "@reboot"; use one of ${CRON_MACROS.join(", ")}`],
        ["TZ=UTC 0 2 * * *", "time zone prefixes are not allowed in the schedule; set timeZone instead"],
        ["CRON_TZ=UTC 0 2 * * *", "time zone prefixes are not allowed in the schedule; set timeZone instead"],
        ["0 0 * * FRI-MON", `day-of-week range "FRI-MON" starts after it ends`],
    ];
    for (const [schedule, reason] of invalid) {
        it(`rejects ${JSON.stringify(schedule)}: ${reason}`, () => {
            assert.strictEqual(cronScheduleProblem(schedule), reason);
            assert.strictEqual(isValidCronSchedule(schedule), false);
        });
    }

    it("records a problem naming the field, echoing the schedule and giving the fix", () => {
        const problems = new Problems();
        checkCronSchedule(problems, "schedule", "0 25 * * *");
        assert.deepStrictEqual(problems.list(), [
            {
                field: "schedule",
                message:
                    'schedule must be a 5-field cron expression "minute hour day-of-month month day-of-week" or a macro such as "@daily" (got "0 25 * * *": hour 25 is out of range 0-23); for example "0 2 * * *" runs daily at 02:00',
            },
        ]);
    });

    it("records nothing for a valid or missing schedule", () => {
        const problems = new Problems();
        checkCronSchedule(problems, "schedule", "@weekly");
        checkCronSchedule(problems, "schedule", undefined);
        assert.deepStrictEqual(problems.list(), []);
    });
});
