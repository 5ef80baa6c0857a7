import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Implementation, Layout } from './scenario';

// `npm run bench`: synthesizes 1, 10, 100 and 1000 clusters (half Pika, half Piko), in one chart
// and in one chart per cluster, with the library and with the baseline (the same objects from
// plain k8s classes, no validation). Each run is a fresh process. Shared machines drift by tens of
// percent within a minute, so library and baseline runs are taken in pairs, back to back and in
// alternating order; the overhead is the median of the pairs' ratios, printed with their range.
// It also times loading the package, a fixed cost of every synth that the scenarios leave out.
// `npm run bench -- --write` also writes docs/benchmarks.md.

const SIZES = [1, 10, 100, 1000];
const LAYOUTS: Layout[] = ['one-chart', 'chart-per-cluster'];
const IMPLEMENTATIONS: Implementation[] = ['library', 'baseline'];
/** Pairs per size: small runs are quick and noisy, 1000 clusters is slow and steadier. */
const REPEATS: { [count: number]: number } = { 1: 9, 10: 9, 100: 15, 1000: 3 };
/** Fresh processes that time loading the package. */
const LOAD_RUNS = 15;
const TARGETS = { marginalMs: 2, overheadAt100: 0.25, totalMsAt1000: 5000, peakRssMbAt1000: 600 };

interface Sample { readonly buildMs: number; readonly synthMs: number; readonly totalMs: number; readonly peakRssMb: number }

const root = path.resolve(__dirname, '..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function runOnce(count: number, layout: Layout, implementation: Implementation): Sample {
  const output = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'scenario.ts'), String(count), layout, implementation], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!);
}

interface LoadSample { readonly frameworkMs: number; readonly packageMs: number }

/**
 * Loads cdk8s and cdk8s-plus-28 (every cdk8s app does) and then the compiled package, in a fresh
 * Node process without tsx's hooks, as an app loads a dependency.
 */
function loadOnce(): LoadSample {
  const script = `const t = () => Number(process.hrtime.bigint()) / 1e6;
    const start = t(); require('cdk8s'); require('cdk8s-plus-28'); const framework = t();
    require('./build/lib'); const done = t();
    console.log(JSON.stringify({ frameworkMs: framework - start, packageMs: done - framework }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

function medianSample(runs: Sample[]): Sample {
  return {
    buildMs: median(runs.map((r) => r.buildMs)),
    synthMs: median(runs.map((r) => r.synthMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
  };
}

/** The library and the baseline, measured in back-to-back pairs. */
interface PairedResult {
  readonly library: Sample;
  readonly baseline: Sample;
  /** The median of the pairs' library/baseline ratios, minus one. */
  readonly overhead: number;
  /** The lowest and highest pair's overhead: how far noise moves it. */
  readonly overheadRange: readonly [number, number];
}

function measurePairs(count: number, layout: Layout): PairedResult {
  const library: Sample[] = [];
  const baseline: Sample[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < REPEATS[count]; i++) {
    const order = i % 2 === 0 ? IMPLEMENTATIONS : [...IMPLEMENTATIONS].reverse();
    const pair = new Map(order.map((implementation) => [implementation, runOnce(count, layout, implementation)]));
    library.push(pair.get('library')!);
    baseline.push(pair.get('baseline')!);
    overheads.push(pair.get('library')!.totalMs / pair.get('baseline')!.totalMs - 1);
    process.stderr.write('.');
  }
  return {
    library: medianSample(library),
    baseline: medianSample(baseline),
    overhead: median(overheads),
    overheadRange: [Math.min(...overheads), Math.max(...overheads)],
  };
}

const loads = Array.from({ length: LOAD_RUNS }, loadOnce);
const packageLoads = loads.map((l) => l.packageMs);
const results = new Map<string, PairedResult>();
const key = (count: number, layout: Layout) => `${count} ${layout}`;
for (const layout of LAYOUTS) {
  for (const count of SIZES) {
    results.set(key(count, layout), measurePairs(count, layout));
  }
}
process.stderr.write('\n');

const lines: string[] = [];
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
lines.push('| layout | clusters | library ms (build + synth) | baseline ms | overhead (range of pairs) | library peak RSS MB | baseline peak RSS MB |');
lines.push('|---|---:|---:|---:|---:|---:|---:|');
for (const layout of LAYOUTS) {
  for (const count of SIZES) {
    const { library: lib, baseline: base, overhead, overheadRange: [low, high] } = results.get(key(count, layout))!;
    lines.push(`| ${layout} | ${count} | ${fmt(lib.totalMs)} (${fmt(lib.buildMs)} + ${fmt(lib.synthMs)}) | ${fmt(base.totalMs)} | ${percent(overhead)} (${percent(low)} to ${percent(high)}) | ${fmt(lib.peakRssMb)} | ${fmt(base.peakRssMb)} |`);
  }
}

const verdicts: string[] = [];
for (const layout of LAYOUTS) {
  const at = (count: number) => results.get(key(count, layout))!;
  const marginal = (implementation: Implementation) => (at(1000)[implementation].totalMs - at(1)[implementation].totalMs) / 999;
  const overhead100 = at(100).overhead;
  const lib1000 = at(1000).library;
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  verdicts.push(`- ${layout}: marginal cost ${marginal('library').toFixed(2)} ms per cluster (baseline ${marginal('baseline').toFixed(2)} ms; target ≤ ${TARGETS.marginalMs} ms: ${check(marginal('library') <= TARGETS.marginalMs)}); `
    + `overhead at 100 clusters ${percent(overhead100)} (target ≤ ${percent(TARGETS.overheadAt100)}: ${check(overhead100 <= TARGETS.overheadAt100)}); `
    + `1000 clusters in ${(lib1000.totalMs / 1000).toFixed(2)} s and ${lib1000.peakRssMb.toFixed(0)} MB (target < 5 s and 600 MB: ${check(lib1000.totalMs < TARGETS.totalMsAt1000 && lib1000.peakRssMb < TARGETS.peakRssMbAt1000)})`);
}

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const report = [
  `Machine: ${machine}. ${SIZES.map((count) => `${count} cluster${count === 1 ? '' : 's'}: ${REPEATS[count]}`).join(', ')} library/baseline pairs, run back to back, each run in a fresh process. Times and RSS are medians; the overhead is the median of the pairs' ratios, with the lowest and highest pair. Times cover building the app and \`app.synth()\` to disk, not loading modules; peak RSS is the process's.`,
  '',
  ...lines,
  '',
  ...verdicts,
  '',
  `Loading the package takes ${fmt(median(packageLoads))} ms (${fmt(Math.min(...packageLoads))} to ${fmt(Math.max(...packageLoads))} over ${LOAD_RUNS} fresh processes) on top of cdk8s and cdk8s-plus-28, which take ${fmt(median(loads.map((l) => l.frameworkMs)))} ms; every synth pays it once.`,
].join('\n');
console.log(report);

if (process.argv.includes('--write')) {
  const doc = path.join(root, 'docs', 'benchmarks.md');
  const text = fs.readFileSync(doc, 'utf8');
  const start = text.indexOf('<!-- results -->');
  const end = text.indexOf('<!-- /results -->');
  fs.writeFileSync(doc, `${text.slice(0, start)}<!-- results -->\n${report}\n${text.slice(end)}`);
  console.log(`\nwrote ${path.relative(root, doc)}`);
}
