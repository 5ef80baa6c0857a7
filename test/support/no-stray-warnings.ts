/**
 * Fails every test that lets the library print a warning it does not look at. A warning is part of
 * what the synth says, so a test that triggers one either asserts it (through `captureWarnings`) or
 * uses props that do not warn; a stray one would hide a new or changed warning in the noise.
 * Warnings printed outside a test (a `describe` body, `beforeAll`) fail the test that runs next.
 */
const printed: string[] = [];

// A plain function rather than a spy, so that `captureWarnings` can spy on it and restore it.
console.warn = (...args: unknown[]) => {
  printed.push(args.map(String).join(' '));
};

function failOnPrinted(): void {
  if (printed.length > 0) {
    const warnings = printed.splice(0);
    throw new Error(`${warnings.length} warning(s) printed and not asserted; capture them with captureWarnings and check them, or change the props:\n${warnings.join('\n')}`);
  }
}

afterEach(failOnPrinted);
afterAll(failOnPrinted);
