/**
 * The entry point Pulumi's schema analyzer looks for (`index.ts` at the package root): the public API of
 * components/index.ts. Users import the package through package.json `main`/`exports`, not this file.
 * @packageDocumentation
 */
export * from "./components";
