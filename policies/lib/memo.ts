/**
 * Results computed once per key object. The pack reads the same things from the same objects many times over (an
 * object's labels and pod template, an object set's workload view, a rule config's compiled form), and nothing is
 * changed while it is checked (remediations work on copies), so each is computed once and kept while its key lives.
 */

/** `compute(key)` once per key object; callers must not modify a result. */
export function oncePerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
    const results = new WeakMap<K, { readonly value: V }>();
    return (key) => {
        const known = results.get(key);
        if (known !== undefined) {
            return known.value;
        }
        const value = compute(key);
        results.set(key, { value });
        return value;
    };
}
