/**
 * Kubernetes resource quantities (`100m`, `0.5`, `128Mi`, `1G`, `1e3`) as numbers.
 */

const SUFFIXES: Readonly<Record<string, number>> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/**
 * Parses a quantity into base units (cores for CPU, bytes for memory). Numbers are taken as-is. Returns undefined
 * for anything that is not a valid quantity.
 */
export function parseQuantity(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : undefined;
    }
    if (typeof value !== "string") {
        return undefined;
    }
    const m = QUANTITY.exec(value.trim());
    if (m === null || m[1] === undefined) {
        return undefined;
    }
    const base = Number(m[1]);
    if (m[2] !== undefined) {
        return base * 10 ** Number(m[2].slice(1));
    }
    const factor = SUFFIXES[m[3] ?? ""];
    return factor === undefined ? undefined : base * factor;
}
