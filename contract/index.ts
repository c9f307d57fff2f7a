/**
 * The neutral contract: the keys, rule names and parsers that components, the policy pack and the CLI share.
 * Everything else imports this module; it imports nothing of theirs.
 */
export * from "./dns";
export * from "./intOrString";
export * from "./keys";
export * from "./patterns";
export * from "./quantity";
export * from "./rules";
