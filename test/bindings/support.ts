import { execFileSync, ExecFileSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// What the language-bindings tests share: the jsii toolchain, the TypeScript example app's output
// to compare against, and a byte-for-byte comparison of two manifest folders.

export const ROOT = path.resolve(__dirname, '..', '..');

/** jsii's tools refuse to stay quiet on Node 20 unless told; the banner is not output. */
const QUIET_NODE = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CDK8S_CHECK_UPGRADE: 'false' };

/** Runs a program to completion; its stderr is kept in the error when it fails. */
export function run(file: string, args: string[], options: ExecFileSyncOptions & { env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(file, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...QUIET_NODE, ...options.env },
  }) as string;
}

export function bin(name: string): string {
  return path.join(ROOT, 'node_modules', '.bin', name);
}

export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pika-piko-${prefix}-`));
}

/** `jsii-pacmak` for one target; `packages` are the package folders to generate (this one first). */
export function pacmak(target: 'python' | 'go' | 'java', outdir: string, packages: string[] = [ROOT], extra: string[] = []): void {
  run(bin('jsii-pacmak'), ['--targets', target, '--outdir', outdir, ...extra, ...packages], { cwd: ROOT });
}

/** `cdk8s synth` of the cdk8s.yaml app in `appDir`, into a new folder it returns. */
export function cdk8sSynth(appDir: string, env: NodeJS.ProcessEnv = {}): string {
  const outdir = scratchDir('manifests');
  run(bin('cdk8s'), ['synth', '--no-check-upgrade', '--output', outdir], { cwd: appDir, env });
  return outdir;
}

/** The manifests of examples/main.ts, the app the other languages must reproduce. */
export function typeScriptManifests(): string {
  return cdk8sSynth(ROOT);
}

/** Every file in `actualDir` equals the file of the same name in `expectedDir`, and no file is missing. */
export function expectSameManifests(actualDir: string, expectedDir: string): void {
  const names = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  expect(names(actualDir)).toEqual(names(expectedDir));
  expect(names(expectedDir).length).toBeGreaterThan(0);
  for (const name of names(expectedDir)) {
    const actual = fs.readFileSync(path.join(actualDir, name), 'utf8');
    const expected = fs.readFileSync(path.join(expectedDir, name), 'utf8');
    // toEqual on the lines shows the first lines that differ; the byte comparison is the claim.
    if (actual !== expected) {
      expect({ name, lines: actual.split('\n') }).toEqual({ name, lines: expected.split('\n') });
    }
    expect(Buffer.compare(Buffer.from(actual), Buffer.from(expected))).toBe(0);
  }
}
