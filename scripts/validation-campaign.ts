import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { replayCase, runCampaign, summarizeFindings } from './campaign/run';

// `npm run campaign -- [cases] [--seed N] [--verbose] [--case I]`: generates cases against the built package
// (build/lib) and classifies every outcome (see campaign/run.ts). Prints a summary and each kind
// of finding with one case to replay (`--case I` with the same count and seed prints that case, and
// its full error or YAML); exits 1 when anything was found. Deterministic for a seed.

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const positional = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !['--seed', '--case'].includes(all[i - 1] ?? ''));
const count = Number(positional[0] ?? 2000);
const seed = Number(argument('--seed') ?? 20261201);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run campaign -- [cases, default 2000] [--seed N] [--verbose]');
  process.exit(2);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, not the sources
const lib = require(path.join(__dirname, '..', 'build', 'lib', 'index'));
const replay = argument('--case');
if (replay !== undefined) {
  console.log(replayCase({ lib, cdk8s, plus }, { count, seed }, Number(replay)));
  process.exit(0);
}
const started = Date.now();
const report = runCampaign({ lib, cdk8s, plus }, { count, seed });
const seconds = ((Date.now() - started) / 1000).toFixed(1);

console.log(`validation campaign: ${report.cases} cases, seed ${seed}, ${seconds}s`);
console.log(`  refused with the library's named problems:   ${report.refused}`);
console.log(`  synthesized, valid and deterministic:        ${report.passed}`);
console.log(`  skipped (a cdk8s factory refused the value): ${report.skipped}`);
for (const [kind, tally] of Object.entries(report.byKind).sort()) {
  console.log(`    ${kind.padEnd(24)} refused ${String(tally.refused).padStart(5)}  synthesized ${String(tally.passed).padStart(5)}`);
}
const groups = summarizeFindings(report.findings);
console.log(`findings: ${report.findings.length} in ${groups.length} kinds (cases with a finding: ${new Set(report.findings.map((f) => f.index)).size})`);
for (const group of groups) {
  console.log(`\n[${group.category}] x${group.count}: ${group.example.detail}`);
  console.log(`  case #${group.example.index}: ${process.argv.includes('--verbose') ? group.example.spec : group.example.spec.slice(0, 600)}`);
}
process.exit(report.findings.length > 0 ? 1 : 0);
