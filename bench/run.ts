import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Implementation, Layout } from './scenario';

// `npm run bench`: synthesizes 1, 10, 100 and 1000 clusters (half Pika, half Piko), in one chart
// and in one chart per cluster, with the library and with the baseline (the same objects from
// plain k8s classes, no validation). Each measurement runs in a fresh process, REPEATS times;
// the median is reported. `npm run bench -- --write` also writes docs/benchmarks.md.

const SIZES = [1, 10, 100, 1000];
const LAYOUTS: Layout[] = ['one-chart', 'chart-per-cluster'];
const IMPLEMENTATIONS: Implementation[] = ['library', 'baseline'];
const REPEATS = 3;
const TARGETS = { marginalMs: 2, overheadAt100: 0.25, totalMsAt1000: 5000, peakRssMbAt1000: 600 };

interface Sample { readonly buildMs: number; readonly synthMs: number; readonly totalMs: number; readonly peakRssMb: number }

const root = path.resolve(__dirname, '..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(count: number, layout: Layout, implementation: Implementation): Sample {
  const runs: Sample[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const output = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'scenario.ts'), String(count), layout, implementation], { cwd: root, encoding: 'utf8' });
    runs.push(JSON.parse(output.trim().split('\n').pop()!));
  }
  return {
    buildMs: median(runs.map((r) => r.buildMs)),
    synthMs: median(runs.map((r) => r.synthMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
  };
}

const results = new Map<string, Sample>();
const key = (count: number, layout: Layout, implementation: Implementation) => `${count} ${layout} ${implementation}`;
for (const layout of LAYOUTS) {
  for (const count of SIZES) {
    for (const implementation of IMPLEMENTATIONS) {
      results.set(key(count, layout, implementation), measure(count, layout, implementation));
      process.stderr.write('.');
    }
  }
}
process.stderr.write('\n');

const lines: string[] = [];
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
lines.push('| layout | clusters | library ms (build + synth) | baseline ms | overhead | library peak RSS MB | baseline peak RSS MB |');
lines.push('|---|---:|---:|---:|---:|---:|---:|');
for (const layout of LAYOUTS) {
  for (const count of SIZES) {
    const lib = results.get(key(count, layout, 'library'))!;
    const base = results.get(key(count, layout, 'baseline'))!;
    lines.push(`| ${layout} | ${count} | ${fmt(lib.totalMs)} (${fmt(lib.buildMs)} + ${fmt(lib.synthMs)}) | ${fmt(base.totalMs)} | ${((lib.totalMs / base.totalMs - 1) * 100).toFixed(0)}% | ${fmt(lib.peakRssMb)} | ${fmt(base.peakRssMb)} |`);
  }
}

const verdicts: string[] = [];
for (const layout of LAYOUTS) {
  const marginal = (implementation: Implementation) => (results.get(key(1000, layout, implementation))!.totalMs - results.get(key(1, layout, implementation))!.totalMs) / 999;
  const lib100 = results.get(key(100, layout, 'library'))!.totalMs;
  const base100 = results.get(key(100, layout, 'baseline'))!.totalMs;
  const lib1000 = results.get(key(1000, layout, 'library'))!;
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  verdicts.push(`- ${layout}: marginal cost ${marginal('library').toFixed(2)} ms per cluster (baseline ${marginal('baseline').toFixed(2)} ms; target ≤ ${TARGETS.marginalMs} ms: ${check(marginal('library') <= TARGETS.marginalMs)}); `
    + `overhead at 100 clusters ${((lib100 / base100 - 1) * 100).toFixed(0)}% (target ≤ ${TARGETS.overheadAt100 * 100}%: ${check(lib100 / base100 - 1 <= TARGETS.overheadAt100)}); `
    + `1000 clusters in ${(lib1000.totalMs / 1000).toFixed(2)} s and ${lib1000.peakRssMb.toFixed(0)} MB (target < 5 s and 600 MB: ${check(lib1000.totalMs < TARGETS.totalMsAt1000 && lib1000.peakRssMb < TARGETS.peakRssMbAt1000)})`);
}

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const report = [
  `Machine: ${machine}. Median of ${REPEATS} runs, each in a fresh process; times cover building the app and \`app.synth()\` to disk, not loading modules; peak RSS is the process's.`,
  '',
  ...lines,
  '',
  ...verdicts,
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
