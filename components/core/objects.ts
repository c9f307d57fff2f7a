/** Returns a copy of an object without its undefined fields, so rendered specs hold only what is set. */
export function compact<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
