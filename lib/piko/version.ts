/**
 * The Piko release the constructs are written for and the end-to-end suite runs: its config keys
 * (config-schema.ts) and defaults (invariants/timeouts.ts), and the default image. Tags carry the
 * leading `v`.
 */
export const PIKO_VERSION = 'v0.10.0';
