import * as fc from 'fast-check';
import { baseProps, Case, caseArbitrary, CONSTRUCTS, NamedPatch, VALID_EXTERNAL_SECRET } from './cases';
import { manifestProblems } from './manifest-check';
import { CallerError, describeSpec, Libraries, materialize } from './specs';

// Runs the cases and classifies each outcome:
// - refused: the library threw its own validation error (a plain Error whose every report line
//   has the one message shape), naming what the case's expectations require;
// - passed: the synth succeeded, the campaign's own judge finds nothing wrong with the objects,
//   and a second synth of the same case writes the same bytes;
// - skipped: the caller's own code (a cdk8s factory) refused a generated value;
// - a finding otherwise: a crash (TypeError, RangeError, cdk8s's own message), a malformed
//   message, a mistake that synthesized (a wrong type, a misspelt key), invalid output, or output
//   that differs between two runs.

export interface Finding {
  readonly category: 'crash' | 'malformed message' | 'missed expectation' | 'invalid output' | 'nondeterministic' | 'malformed warning';
  readonly detail: string;
  readonly index: number;
  readonly spec: string;
}

export interface CampaignReport {
  readonly cases: number;
  /** Cases the library refused with its own, well-formed problems, as the case required. */
  readonly refused: number;
  /** Cases that synthesized into valid, deterministic output. */
  readonly passed: number;
  readonly skipped: number;
  readonly byKind: { [key: string]: { refused: number; passed: number } };
  readonly findings: Finding[];
}

export interface CampaignOptions {
  readonly count: number;
  readonly seed: number;
}

const KINDS = CONSTRUCTS.join('|');
const REPORT_LINE = new RegExp(`^ {2}\\[[^\\]]+\\] (${KINDS}) .+ \\(found .*\\)\\. Fix: .+$`);
/**
 * A report line that names nothing the user can fix: a value the library failed to read shown in
 * its setting or rule (`undefined`, `NaN`, `[object Object]`), or the generic problem a check
 * becomes when it fails to read an object (problems.ts), which names no field.
 */
function isUnnamed(line: string): boolean {
  const words = line.slice(0, line.lastIndexOf(' (found '));
  return /\bundefined\b|\bNaN\b|\[object Object\]/.test(words) || words.includes('a synth check could not read them');
}

const WARNING_LINE = new RegExp(`^\\[[^\\]]+\\] warning: (${KINDS}) .+ \\(found .*\\)\\. Fix: .+$`);

interface Built {
  readonly yaml: string;
  readonly objects: Array<{ [key: string]: any }>;
}

type Target = { kind: string; name: string; path: string; isArray: boolean };

/**
 * Every path of the default objects of a construct, for the random patches to aim at: its own
 * objects only (an integration's, not those of the cluster it references).
 */
function defaultTargets(libraries: Libraries, construct: Case['construct']): Target[] {
  const { cdk8s, lib } = libraries;
  const chart = cdk8s.Testing.chart();
  const base = baseProps(construct);
  const subject = new lib[construct](chart, 'subject', materialize({ ...base.defaults, ...base.fixed }, libraries, chart));
  if (construct === 'PikaSecretStore') {
    // Its ExternalSecret is among the default objects, so patches can aim at one.
    subject.addExternalSecret('files', VALID_EXTERNAL_SECRET);
  }
  const own = new Set(subject.node.findAll().filter((c: any) => c instanceof cdk8s.ApiObject).map((o: any) => `${o.kind}/${o.name}`));
  const targets: Target[] = [];
  const visit = (object: any, value: unknown, path: string) => {
    if (path !== '') {
      targets.push({ kind: object.kind, name: object.metadata.name, path, isArray: Array.isArray(value) });
    }
    if (typeof value === 'object' && value !== null) {
      Object.entries(value).filter(([key]) => key !== 'apiVersion' && key !== 'kind')
        .forEach(([key, child]) => visit(object, child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    }
  };
  cdk8s.Testing.synth(chart).filter((o: any) => o.kind !== 'Namespace' && own.has(`${o.kind}/${o.metadata.name}`)).forEach((o: any) => visit(o, o, ''));
  return targets;
}

/** Builds and synthesizes a case in a fresh app. */
function build(libraries: Libraries, testCase: Case, targets: Target[]): Built {
  const { cdk8s, lib } = libraries;
  const app = new cdk8s.App({ outdir: '/dev/null' });
  const chart = new cdk8s.Chart(app, 'campaign');
  const props = materialize(testCase.props, libraries, chart);
  const subject = new lib[testCase.construct](chart, 'subject', props);
  if (testCase.externalSecret !== undefined) {
    subject.addExternalSecret('files', materialize(testCase.externalSecret, libraries, chart));
  }
  const objectOf = (kind: string, name?: string) => subject.node.findAll()
    .find((c: any) => c instanceof cdk8s.ApiObject && c.kind === kind && (name === undefined || c.name === name));
  const patchOf = (op: string, path: string, isArray: boolean, value: unknown) => (op === 'remove' ? cdk8s.JsonPatch.remove(path)
    : op === 'add' ? cdk8s.JsonPatch.add(isArray ? `${path}/-` : path, value) : cdk8s.JsonPatch.replace(path, value));
  for (const patch of testCase.patches) {
    const target = targets[patch.target % targets.length];
    objectOf(target.kind, target.name)?.addJsonPatch(patchOf(patch.op, target.path, target.isArray, materialize(patch.value, libraries, chart)));
  }
  testCase.namedPatches.forEach((patch: NamedPatch) => objectOf(patch.kind)?.addJsonPatch(patchOf(patch.op, patch.path, false, patch.value)));
  const yaml = app.synthYaml();
  return { yaml, objects: app.charts.flatMap((c) => c.toJson()) };
}

/** Runs `count` generated cases against `libraries` (the built package or the sources). */
export function runCampaign(libraries: Libraries, options: CampaignOptions): CampaignReport {
  const cases = fc.sample(caseArbitrary(libraries), { seed: options.seed, numRuns: options.count });
  const targets = Object.fromEntries(CONSTRUCTS.map((construct) => [construct, defaultTargets(libraries, construct)])) as { [construct in Case['construct']]: Target[] };
  const report: CampaignReport = { cases: cases.length, refused: 0, passed: 0, skipped: 0, byKind: {}, findings: [] };
  const counts = report as { refused: number; passed: number; skipped: number };
  const warn = console.warn;
  cases.forEach((testCase, index) => {
    const spec = describeSpec(testCase);
    const kind = `${testCase.construct} ${testCase.caller}`;
    const tally = (report.byKind[kind] ??= { refused: 0, passed: 0 });
    const finding = (category: Finding['category'], detail: string) => report.findings.push({ category, detail, index, spec });
    const before = report.findings.length;
    const warnings: string[] = [];
    console.warn = (message: string) => warnings.push(String(message));
    let built: Built | undefined;
    let failure: unknown;
    try {
      built = build(libraries, testCase, targets[testCase.construct]);
    } catch (error) {
      failure = error;
    } finally {
      console.warn = warn;
    }
    if (failure instanceof CallerError) {
      counts.skipped++;
      return;
    }
    warnings.filter((w) => !WARNING_LINE.test(w)).forEach((w) => finding('malformed warning', w));
    if (failure !== undefined) {
      const error = failure as Error;
      const lines = String(error?.message).split('\n').filter((line) => line.startsWith('  ['));
      if (!(error instanceof Error) || error.constructor !== Error) {
        finding('crash', `${(error as any)?.constructor?.name}: ${String(error?.message).split('\n')[0]}`);
      } else if (lines.length === 0 || lines.some((line) => !REPORT_LINE.test(line))) {
        finding(lines.length === 0 ? 'crash' : 'malformed message', (lines.find((line) => !REPORT_LINE.test(line)) ?? error.message).slice(0, 300));
      } else if (lines.some(isUnnamed)) {
        finding('malformed message', lines.find(isUnnamed)!.slice(0, 300));
      } else {
        for (const expectation of testCase.expectations) {
          if (!error.message.includes(expectation.messageContains)) {
            finding('missed expectation', `${expectation.why}: expected "${expectation.messageContains}" among: ${lines.slice(0, 3).join(' | ').slice(0, 400)}`);
          }
        }
        if (report.findings.length === before) {
          counts.refused++;
          tally.refused++;
        }
      }
      return;
    }
    testCase.expectations.forEach((expectation) => finding('missed expectation', `${expectation.why} synthesized without a problem`));
    manifestProblems(built!.objects).forEach((problem) => finding('invalid output', problem));
    if (index % 5 === 0) {
      console.warn = () => undefined;
      try {
        if (build(libraries, testCase, targets[testCase.construct]).yaml !== built!.yaml) {
          finding('nondeterministic', 'a second synth wrote different YAML');
        }
      } finally {
        console.warn = warn;
      }
    }
    if (report.findings.length === before) {
      counts.passed++;
      tally.passed++;
    }
  });
  return report;
}

/** One case of a run, built again: its spec and what came of it (the full error, or the YAML). */
export function replayCase(libraries: Libraries, options: CampaignOptions, index: number): string {
  const testCase = fc.sample(caseArbitrary(libraries), { seed: options.seed, numRuns: options.count })[index];
  try {
    return `${describeSpec(testCase)}\n\n${build(libraries, testCase, defaultTargets(libraries, testCase.construct)).yaml}`;
  } catch (error) {
    return `${describeSpec(testCase)}\n\n${(error as Error).stack ?? String(error)}`;
  }
}

/** The findings grouped by category and detail (values in quotes folded), most frequent first. */
export function summarizeFindings(findings: readonly Finding[]): Array<{ category: string; detail: string; count: number; example: Finding }> {
  const groups = new Map<string, { category: string; detail: string; count: number; example: Finding }>();
  for (const finding of findings) {
    const detail = finding.detail.replace(/"[^"]*"/g, '"…"').replace(/\[[^\]]*\]/, '[…]').replace(/\d+/g, 'N');
    const key = `${finding.category}|${detail}`;
    const group = groups.get(key) ?? { category: finding.category, detail, count: 0, example: finding };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
