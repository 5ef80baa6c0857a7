import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Node } from 'constructs';
import { baselinePika, baselinePiko } from './baseline';
import { l2Pika, l2Piko } from './l2-baseline';
import { PikaCluster, PikoCluster } from '../build/lib';

/** How the clusters of a benchmark app are laid out over charts. */
export type Layout = 'one-chart' | 'chart-per-cluster';
/**
 * What builds the objects: the library's constructs, the baseline's plain k8s (L1) classes, or
 * the same objects written by hand with cdk8s-plus-28's L2 classes. `library-unchecked` is the
 * library with its synth-time checks left unregistered: never a way to run it, only a measure of
 * what the checks cost.
 */
export type Implementation = 'library' | 'library-unchecked' | 'baseline' | 'l2-baseline';

/**
 * Builds an app of `count` clusters (even ones Pika, odd ones Piko, each in its own namespace).
 */
export function buildApp(app: App, count: number, layout: Layout, implementation: Implementation): void {
  let chart: Chart | undefined;
  for (let i = 0; i < count; i++) {
    if (layout === 'chart-per-cluster' || chart === undefined) {
      chart = new Chart(app, `chart-${i}`);
    }
    const pika = i % 2 === 0;
    const name = `${pika ? 'pika' : 'piko'}-${i}`;
    if (implementation === 'baseline') {
      (pika ? baselinePika : baselinePiko)(chart, name, name, `ns-${i}`);
    } else if (implementation === 'l2-baseline') {
      (pika ? l2Pika : l2Piko)(chart, name, name, `ns-${i}`);
    } else if (pika) {
      new PikaCluster(chart, name, { name, namespace: `ns-${i}` });
    } else {
      new PikoCluster(chart, name, { name, namespace: `ns-${i}` });
    }
  }
}

/** Builds and synthesizes one app to a temporary directory; returns the times it took. */
function timedSynth(count: number, layout: Layout, implementation: Implementation): { start: bigint; built: bigint; done: bigint } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  buildApp(app, count, layout, implementation);
  const built = process.hrtime.bigint();
  app.synth();
  const done = process.hrtime.bigint();
  fs.rmSync(outdir, { recursive: true, force: true });
  return { start, built, done };
}

// Run as a script, one measurement per process: `tsx scenario.ts <count> <layout> <implementation> [--warm]`.
// Prints the milliseconds to build the app and to synthesize it to disk, and the peak RSS. With
// `--warm` the same app is synthesized once untimed first, so the timed run finds the code
// compiled and optimised: what a cluster costs once the first-run cost (V8 compiling and tuning the
// code as it first runs) is paid.
if (require.main === module) {
  const [count, layout, implementation] = [Number(process.argv[2]), process.argv[3] as Layout, process.argv[4] as Implementation];
  if (implementation === 'library-unchecked') {
    // The library registers its checks through this one method; the baselines register none.
    Node.prototype.addValidation = () => {};
  }
  if (process.argv.includes('--warm')) {
    timedSynth(count, layout, implementation);
  }
  const { start, built, done } = timedSynth(count, layout, implementation);
  console.log(JSON.stringify({
    buildMs: Number(built - start) / 1e6,
    synthMs: Number(done - built) / 1e6,
    totalMs: Number(done - start) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }));
}
