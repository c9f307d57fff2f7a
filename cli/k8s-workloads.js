#!/usr/bin/env node
// Entry point for `npx k8s-workloads`: runs the compiled CLI, building the TypeScript once if it is missing.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.join(__dirname, "..");
const main = path.join(root, "bin", "cli", "main.js");
if (!fs.existsSync(main)) {
    process.stderr.write("k8s-workloads: compiling the TypeScript sources once (npm run build)...\n");
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], {
        stdio: "inherit",
    });
}
require(main)
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    })
    .catch((err) => {
        process.stderr.write(`k8s-workloads: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
    });
