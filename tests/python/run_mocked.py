"""Runs a Pulumi Python program under Python mocks and writes what the mocks received as JSON.

Usage: python run_mocked.py PROGRAM_DIR OUT_JSON [--config KEY=VALUE]... [--secret KEY=VALUE]...

Driven by tests/python/python.test.ts. Every registration reaches RecordingMocks.new_resource. A k8s-workloads
component is remote (a multi-language component), so under mocks nothing constructs it; the mock hands its type,
name and inputs to the component bridge (bin/tests/python/componentBridge.js, path in K8SW_BRIDGE), which constructs
the TypeScript class with them as the component provider would. The program therefore fails with the component's
own validation error, and gets the component's real outputs.

The JSON written: {"resources": [{type, name, custom, inputs, children}], "exports": {name: value}}. Secret inputs
keep Pulumi's secret marker ({"4dabf18193072939515e22adb298388d": ..., "value": ...}), so the caller can check that
a secret stayed secret. On failure the exit status is 1 and stderr ends with "program failed: <message>".
"""

import json
import os
import runpy
import subprocess
import sys
from typing import Any, Optional

import pulumi
import yaml

TOKEN = "k8s-workloads:index:"
REPLY = "@@k8s-workloads-bridge "


class Bridge:
    """A long-lived Node process that constructs components (tests/python/componentBridge.ts)."""

    def __init__(self, script: str) -> None:
        self.process = subprocess.Popen(
            ["node", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def construct(self, typ: str, name: str, inputs: dict) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({"type": typ, "name": name, "inputs": inputs}) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(REPLY):
                return json.loads(line[len(REPLY):])
        raise RuntimeError(f"the component bridge exited (status {self.process.wait()}) without a reply")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


class RecordingMocks(pulumi.runtime.Mocks):
    """Records every registration; k8s-workloads components go through the bridge."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.resources: list[dict] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        record: dict[str, Any] = {
            "type": args.typ,
            "name": args.name,
            "custom": bool(args.custom),
            "inputs": args.inputs,
            "children": [],
        }
        self.resources.append(record)
        state = dict(args.inputs)
        if args.typ.startswith(TOKEN):
            reply = self.bridge.construct(args.typ, args.name, args.inputs)
            if not reply["ok"]:
                raise ValueError(f"{args.typ} {args.name}: {reply['error']}")
            record["children"] = reply["children"]
            state = {k: v for k, v in reply["outputs"].items() if v is not None}
        return [f"{args.name}-id", state]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


def parse_pairs(argv: list[str], flag: str) -> dict[str, str]:
    """The KEY=VALUE arguments that follow each occurrence of flag."""
    pairs = {}
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            key, _, value = argv[i + 1].partition("=")
            pairs[key] = value
    return pairs


def main(argv: list[str]) -> int:
    program, out = argv[0], argv[1]
    with open(os.path.join(program, "Pulumi.yaml"), encoding="utf-8") as f:
        project = yaml.safe_load(f)["name"]
    plain = parse_pairs(argv, "--config")
    secret = parse_pairs(argv, "--secret")
    config = {f"{project}:{k}": v for k, v in {**plain, **secret}.items()}
    pulumi.runtime.set_all_config(config, [f"{project}:{k}" for k in secret])

    bridge = Bridge(os.environ["K8SW_BRIDGE"])
    mocks = RecordingMocks(bridge)
    pulumi.runtime.set_mocks(mocks, project=project, stack="test", preview=False)

    exported: dict[str, Any] = {}
    resolved: dict[str, Any] = {}
    pulumi.export = lambda name, value: exported.__setitem__(name, value)  # type: ignore[assignment]

    def store(values: list) -> None:
        resolved.update(zip(exported.keys(), values))

    @pulumi.runtime.test
    def run():
        runpy.run_path(os.path.join(program, "__main__.py"), run_name="__main__")
        return pulumi.Output.all(*exported.values()).apply(store)

    failure: Optional[BaseException] = None
    try:
        run()
    except Exception as err:  # noqa: BLE001 - reported to the caller below
        failure = err
    finally:
        bridge.close()
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"resources": mocks.resources, "exports": resolved}, f, indent=2, default=str)
    if failure is not None:
        print(f"program failed: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
