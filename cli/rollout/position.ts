/**
 * The driver's position file: `.k8s-workloads/rollout/<stack>.<component>.json` under the project directory,
 * written atomically (a temporary file renamed over the old one) after every step.
 */
import { promises as fs } from "fs";
import * as path from "path";
import type { RolloutPosition } from "./engine";

/** The position file of a stack and component under a project directory. */
export function positionPath(projectDir: string, stack: string, component: string): string {
    const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, "_");
    return path.join(projectDir, ".k8s-workloads", "rollout", `${safe(stack)}.${safe(component)}.json`);
}

/** Reads a position file; undefined when there is none. Throws naming the file when it is not a position. */
export async function readPosition(file: string): Promise<RolloutPosition | undefined> {
    let text: string;
    try {
        text = await fs.readFile(file, "utf8");
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
            return undefined;
        }
        throw err;
    }
    const value = JSON.parse(text) as Partial<RolloutPosition>;
    if (value.version !== 1 || typeof value.next !== "number" || typeof value.status !== "string") {
        throw new Error(`${file} is not a rollout position file (version 1); delete it to start over`);
    }
    return value as RolloutPosition;
}

/** Writes a position file atomically: readers see the old or the new file, never half of one. */
export async function writePosition(file: string, position: RolloutPosition): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(position, null, 2) + "\n", "utf8");
    await fs.rename(temporary, file);
}
