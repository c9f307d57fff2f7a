/** The shared parts of the stateful family, one concern a file. */
export * from "./args";
export * from "./credentials";
export * from "./statefulSet";
export * from "./validation";
