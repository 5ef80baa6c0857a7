import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Implementation, Layout } from './scenario';

// `npm run bench`: synthesizes 1, 10, 100 and 1000 clusters (half Pika, half Piko), in one chart
// and in one chart per cluster, with the library and with two baselines: the same objects from
// plain k8s (L1) classes with no validation, and the same objects written by hand with
// cdk8s-plus-28's L2 classes. Each run is a fresh process. Shared machines drift by tens of percent
// within a minute, so the runs are taken back to back: a library run between an L1 and an L2 run,
// in alternating order ([L1, library, L2], then [L2, library, L1]), so that the library is paired
// with each baseline by the run next to it. Each ratio is the median of its pairs' ratios, printed
// with their range. Where L2 runs are capped (L2_REPEATS), the remaining repeats are plain
// library/L1 pairs in alternating order.
// At 100 clusters it also measures what the synth checks cost: triples of L1, library and the
// library with its checks left unregistered, and pairs of warm runs (each app synthesized once
// untimed first) to split the overhead into its first-run and steady-state parts. It times loading
// the package, a fixed cost of every synth that the scenarios leave out.
// `npm run bench -- --write` also writes docs/benchmarks.md.

const SIZES = [1, 10, 100, 1000];
const LAYOUTS: Layout[] = ['one-chart', 'chart-per-cluster'];
/** Pairs per size: small runs are quick and noisy, 1000 clusters is slow and steadier. */
const REPEATS: { [count: number]: number } = { 1: 9, 10: 9, 100: 15, 1000: 3 };
/**
 * Fewer L2 pairs where L2 is slow: with one chart per cluster its synth grows quadratically (cdk8s
 * walks every construct of the app for every chart, and the L2 classes make several constructs per
 * object), so at 1000 clusters one L2 run takes tens of seconds on this machine.
 */
const L2_REPEATS: { [layout in Layout]?: { [count: number]: number } } = { 'chart-per-cluster': { 1000: 1 } };
/** An L2 run slower than this is stopped, and the size's remaining L2 runs are skipped. */
const L2_TIMEOUT_MS = 180_000;
/** Fresh processes that time loading the package. */
const LOAD_RUNS = 15;
/** Triples for the checks' share at 100 clusters. */
const CHECKS_REPEATS = 9;
/** Library/L1 pairs of warm runs (the app synthesized once untimed first) at 100 clusters. */
const WARM_REPEATS = 9;
const TARGETS = { marginalMs: 2, overheadAt100: 0.25, totalMsAt1000: 5000, peakRssMbAt1000: 600 };

interface Sample { readonly buildMs: number; readonly synthMs: number; readonly totalMs: number; readonly peakRssMb: number }

const root = path.resolve(__dirname, '..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function runOnce(count: number, layout: Layout, implementation: Implementation, timeout?: number, warm = false): Sample {
  const args = [path.join(__dirname, 'scenario.ts'), String(count), layout, implementation, ...(warm ? ['--warm'] : [])];
  const output = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), args, { cwd: root, encoding: 'utf8', timeout });
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

/** A ratio of two implementations' times over back-to-back pairs. */
interface Ratio {
  /** The median of the pairs' first/second time ratios. */
  readonly median: number;
  /** The lowest and highest pair's ratio: how far noise moves it. */
  readonly range: readonly [number, number];
  readonly pairs: number;
}

/** The library and both baselines at one size and layout. */
interface PairedResult {
  readonly library: Sample;
  readonly baseline: Sample;
  /** Library time over L1 baseline time, minus one. */
  readonly overhead: Ratio;
  /** Undefined when no L2 run finished. */
  readonly l2?: { readonly sample: Sample; readonly ratio: Ratio };
  /** Why L2 has fewer pairs than L1 here, if it has. */
  readonly l2Note?: string;
}

function ratio(values: number[]): Ratio {
  return { median: median(values), range: [Math.min(...values), Math.max(...values)], pairs: values.length };
}

function measurePairs(count: number, layout: Layout): PairedResult {
  const library: Sample[] = [];
  const baseline: Sample[] = [];
  const l2: Sample[] = [];
  const overheads: number[] = [];
  const l2Ratios: number[] = [];
  const l2Repeats = L2_REPEATS[layout]?.[count] ?? REPEATS[count];
  let l2Note = l2Repeats < REPEATS[count] ? `${l2Repeats} L2 pair${l2Repeats === 1 ? '' : 's'} (capped: slow)` : undefined;
  for (let i = 0; i < REPEATS[count]; i++) {
    const withL2 = l2.length === i && i < l2Repeats;
    const order: Implementation[] = withL2 ? ['baseline', 'library', 'l2-baseline'] : ['library', 'baseline'];
    const runs = new Map<Implementation, Sample>();
    for (const implementation of i % 2 === 0 ? order : [...order].reverse()) {
      if (implementation !== 'l2-baseline') {
        runs.set(implementation, runOnce(count, layout, implementation));
        continue;
      }
      try {
        runs.set(implementation, runOnce(count, layout, implementation, L2_TIMEOUT_MS));
      } catch (error) {
        // Timed out (or failed): keep the L1 pair, give up on L2 at this size.
        l2Note = `L2 run stopped after ${L2_TIMEOUT_MS / 1000} s; ${l2.length} L2 pair${l2.length === 1 ? '' : 's'}`;
        process.stderr.write(`\n${count} ${layout}: ${l2Note} (${(error as Error).message.split('\n')[0]})\n`);
      }
    }
    const lib = runs.get('library')!;
    library.push(lib);
    baseline.push(runs.get('baseline')!);
    overheads.push(lib.totalMs / runs.get('baseline')!.totalMs - 1);
    const l2Run = runs.get('l2-baseline');
    if (l2Run) {
      l2.push(l2Run);
      l2Ratios.push(lib.totalMs / l2Run.totalMs);
    }
    process.stderr.write('.');
  }
  process.stderr.write(` ${count} ${layout} (${((Date.now() - startedAt) / 1000).toFixed(0)} s)\n`);
  return {
    library: medianSample(library),
    baseline: medianSample(baseline),
    overhead: ratio(overheads),
    l2: l2.length > 0 ? { sample: medianSample(l2), ratio: ratio(l2Ratios) } : undefined,
    l2Note,
  };
}

/** What the synth checks cost at one size and layout, and what the library costs without them. */
interface ChecksShare {
  readonly library: Sample;
  readonly unchecked: Sample;
  readonly baseline: Sample;
  /** Library over the library without checks, minus one. */
  readonly checks: Ratio;
  /** The library without checks over L1, minus one. */
  readonly uncheckedOverhead: Ratio;
}

/** Triples of L1, library and library-without-checks runs, back to back in alternating order. */
function measureChecks(count: number, layout: Layout): ChecksShare {
  const runs: { [implementation in Implementation]?: Sample[] } = {};
  const checks: number[] = [];
  const uncheckedOverhead: number[] = [];
  const order: Implementation[] = ['baseline', 'library', 'library-unchecked'];
  for (let i = 0; i < CHECKS_REPEATS; i++) {
    const triple = new Map<Implementation, Sample>();
    for (const implementation of i % 2 === 0 ? order : [...order].reverse()) {
      triple.set(implementation, runOnce(count, layout, implementation));
      (runs[implementation] ??= []).push(triple.get(implementation)!);
    }
    checks.push(triple.get('library')!.totalMs / triple.get('library-unchecked')!.totalMs - 1);
    uncheckedOverhead.push(triple.get('library-unchecked')!.totalMs / triple.get('baseline')!.totalMs - 1);
    process.stderr.write('.');
  }
  process.stderr.write(` ${count} ${layout}, checks share (${((Date.now() - startedAt) / 1000).toFixed(0)} s)\n`);
  return {
    library: medianSample(runs.library!),
    unchecked: medianSample(runs['library-unchecked']!),
    baseline: medianSample(runs.baseline!),
    checks: ratio(checks),
    uncheckedOverhead: ratio(uncheckedOverhead),
  };
}

/** The library and L1 at one size and layout, each timed on its second synth in its process. */
interface WarmResult {
  readonly library: Sample;
  readonly baseline: Sample;
  readonly overhead: Ratio;
}

/** Library/L1 pairs of warm runs, back to back in alternating order. */
function measureWarm(count: number, layout: Layout): WarmResult {
  const library: Sample[] = [];
  const baseline: Sample[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < WARM_REPEATS; i++) {
    const order: Implementation[] = i % 2 === 0 ? ['baseline', 'library'] : ['library', 'baseline'];
    const pair = new Map(order.map((implementation) => [implementation, runOnce(count, layout, implementation, undefined, true)]));
    library.push(pair.get('library')!);
    baseline.push(pair.get('baseline')!);
    overheads.push(pair.get('library')!.totalMs / pair.get('baseline')!.totalMs - 1);
    process.stderr.write('.');
  }
  process.stderr.write(` ${count} ${layout}, warm (${((Date.now() - startedAt) / 1000).toFixed(0)} s)\n`);
  return { library: medianSample(library), baseline: medianSample(baseline), overhead: ratio(overheads) };
}

const startedAt = Date.now();
const loads = Array.from({ length: LOAD_RUNS }, loadOnce);
const packageLoads = loads.map((l) => l.packageMs);
const results = new Map<string, PairedResult>();
const key = (count: number, layout: Layout) => `${count} ${layout}`;
for (const layout of LAYOUTS) {
  for (const count of SIZES) {
    results.set(key(count, layout), measurePairs(count, layout));
  }
}
const checksShares = new Map(LAYOUTS.map((layout) => [layout, measureChecks(100, layout)]));
const warmResults = new Map(LAYOUTS.map((layout) => [layout, measureWarm(100, layout)]));
const lines: string[] = [];
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const percent = (r: number) => `${(r * 100).toFixed(0)}%`;
const times = (r: number) => `${r.toFixed(2)}×`;
const overheadText = ({ median: m, range: [low, high] }: Ratio) => `${percent(m)} (${percent(low)} to ${percent(high)})`;
const l2Text = ({ median: m, range: [low, high], pairs }: Ratio) => (pairs === 1 ? `${times(m)} (1 pair)` : `${times(m)} (${times(low)} to ${times(high)})`);
lines.push('| layout | clusters | library ms (build + synth) | L1 baseline ms | overhead vs L1 (range of pairs) | L2 baseline ms | library / L2 (range of pairs) | peak RSS MB: library / L1 / L2 |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
const notes: string[] = [];
for (const layout of LAYOUTS) {
  for (const count of SIZES) {
    const { library: lib, baseline: base, overhead, l2, l2Note } = results.get(key(count, layout))!;
    const l2Cells = l2 ? [fmt(l2.sample.totalMs), l2Text(l2.ratio)] : ['not measured', '—'];
    lines.push(`| ${layout} | ${count} | ${fmt(lib.totalMs)} (${fmt(lib.buildMs)} + ${fmt(lib.synthMs)}) | ${fmt(base.totalMs)} | ${overheadText(overhead)} | ${l2Cells.join(' | ')} | ${fmt(lib.peakRssMb)} / ${fmt(base.peakRssMb)} / ${l2 ? fmt(l2.sample.peakRssMb) : '—'} |`);
    if (l2Note) notes.push(`${layout}, ${count} clusters: ${l2Note}.`);
  }
}

const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
const verdicts: string[] = [];
for (const layout of LAYOUTS) {
  const at = (count: number) => results.get(key(count, layout))!;
  const marginal = (sample: (r: PairedResult) => Sample | undefined) => {
    const [first, last] = [sample(at(1)), sample(at(1000))];
    return first && last ? (last.totalMs - first.totalMs) / 999 : undefined;
  };
  const [lib, base, l2] = [marginal((r) => r.library), marginal((r) => r.baseline), marginal((r) => r.l2?.sample)];
  const overhead100 = at(100).overhead.median;
  const lib1000 = at(1000).library;
  verdicts.push(`- ${layout}: marginal cost ${lib!.toFixed(2)} ms per cluster (L1 baseline ${base!.toFixed(2)} ms, L2 baseline ${l2 === undefined ? 'not measured' : `${l2.toFixed(2)} ms`}; target ≤ ${TARGETS.marginalMs} ms: ${check(lib! <= TARGETS.marginalMs)}); `
    + `overhead at 100 clusters ${percent(overhead100)} (target ≤ ${percent(TARGETS.overheadAt100)}: ${check(overhead100 <= TARGETS.overheadAt100)}); `
    + `1000 clusters in ${(lib1000.totalMs / 1000).toFixed(2)} s and ${lib1000.peakRssMb.toFixed(0)} MB (target < 5 s and 600 MB: ${check(lib1000.totalMs < TARGETS.totalMsAt1000 && lib1000.peakRssMb < TARGETS.peakRssMbAt1000)})`);
}

// The three figures the API 1.0 issue asks for, at 100 clusters.
const [one, per] = [results.get(key(100, 'one-chart'))!, results.get(key(100, 'chart-per-cluster'))!];
const l2Figure = (r: PairedResult) => (r.l2 ? `${l2Text(r.l2.ratio)} (target ≤ 1.00×: ${check(r.l2.ratio.median <= 1)})` : 'not measured');
const headline = [
  'At 100 clusters:',
  '',
  `1. Overhead over the L1 baseline, one chart: ${overheadText(one.overhead)} (target ≤ ${percent(TARGETS.overheadAt100)}: ${check(one.overhead.median <= TARGETS.overheadAt100)}).`,
  `2. Overhead over the L1 baseline, one chart per cluster: ${overheadText(per.overhead)} (target ≤ ${percent(TARGETS.overheadAt100)}: ${check(per.overhead.median <= TARGETS.overheadAt100)}).`,
  `3. Library time over the L2 baseline's: one chart ${l2Figure(one)}; one chart per cluster ${l2Figure(per)}.`,
];

const checksLines = [
  `Where the overhead at 100 clusters goes: the same scenarios with the library's synth-time checks left unregistered (\`library-unchecked\`; ${CHECKS_REPEATS} triples of L1, library and library without checks per layout, back to back in alternating order).`,
  '',
  '| layout | library ms | library without checks ms | L1 baseline ms | checks: library over library without checks | library without checks over L1 |',
  '|---|---:|---:|---:|---:|---:|',
  ...LAYOUTS.map((layout) => {
    const share = checksShares.get(layout)!;
    return `| ${layout} | ${fmt(share.library.totalMs)} | ${fmt(share.unchecked.totalMs)} | ${fmt(share.baseline.totalMs)} | ${overheadText(share.checks)} | ${overheadText(share.uncheckedOverhead)} |`;
  }),
];

const warmLines = [
  `First run and steady state at 100 clusters: the same scenarios synthesized twice in one process, the second timed (\`--warm\` in [bench/scenario.ts](../bench/scenario.ts); ${WARM_REPEATS} library/L1 pairs per layout). The difference from the first-run figures above is what V8 spends compiling and tuning code as it first runs, paid once per \`cdk8s synth\`.`,
  '',
  '| layout | library ms, warm (build + synth) | L1 baseline ms, warm (build + synth) | overhead vs L1, warm |',
  '|---|---:|---:|---:|',
  ...LAYOUTS.map((layout) => {
    const { library: lib, baseline: base, overhead } = warmResults.get(layout)!;
    return `| ${layout} | ${fmt(lib.totalMs)} (${fmt(lib.buildMs)} + ${fmt(lib.synthMs)}) | ${fmt(base.totalMs)} (${fmt(base.buildMs)} + ${fmt(base.synthMs)}) | ${overheadText(overhead)} |`;
  }),
];

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const l2Pairs = (count: number) => LAYOUTS.map((layout) => results.get(key(count, layout))!.l2?.ratio.pairs ?? 0);
const report = [
  `Machine: ${machine}. ${SIZES.map((count) => `${count} cluster${count === 1 ? '' : 's'}: ${REPEATS[count]}`).join(', ')} library/L1 pairs per layout, and as many library/L2 pairs except where noted below; each run in a fresh process, a library run between an L1 and an L2 run. Times and RSS are medians; each ratio is the median of its pairs' ratios, with the lowest and highest pair. Times cover building the app and \`app.synth()\` to disk, not loading modules; peak RSS is the process's.`,
  '',
  ...lines,
  '',
  ...(notes.length > 0 ? [`Fewer L2 pairs: ${notes.join(' ')}`, ''] : []),
  ...headline,
  '',
  ...verdicts,
  '',
  ...checksLines,
  '',
  ...warmLines,
  '',
  `Loading the package takes ${fmt(median(packageLoads))} ms (${fmt(Math.min(...packageLoads))} to ${fmt(Math.max(...packageLoads))} over ${LOAD_RUNS} fresh processes) on top of cdk8s and cdk8s-plus-28, which take ${fmt(median(loads.map((l) => l.frameworkMs)))} ms; every synth pays it once.`,
  '',
  `The whole run took ${((Date.now() - startedAt) / 60000).toFixed(1)} minutes (L2 pairs at 1000 clusters: ${l2Pairs(1000).join(' and ')}).`,
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
