/** A setting's value is wrong: `serve` prints the message (and its usage) and exits. */
export class ConfigError extends Error {}
