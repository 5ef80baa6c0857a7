import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { schemaErrors } from './support/schema';
import { Manifest } from './support/synth';

// The example apps run as `cdk8s synth` runs them, writing YAML files. Two runs in separate
// processes must be byte-identical; every object they write must pass its schema.

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE_APPS = [
  'examples/main.ts',
  ...fs.readdirSync(path.join(ROOT, 'examples', 'integrations')).filter((f) => f.endsWith('.ts')).sort().map((f) => `examples/integrations/${f}`),
];

interface ExampleRun {
  readonly files: { [app: string]: { [file: string]: string } };
  /** What the apps printed to stderr: the synth checks' warnings. */
  readonly stderr: string;
}

/** Runs every example app in one fresh process; returns each app's files by app. */
function runApps(): ExampleRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pika-piko-example-'));
  try {
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'support', 'run-example-apps.ts'), outdir, ...EXAMPLE_APPS], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      throw new Error(`the example apps failed: ${run.stderr}`);
    }
    const result: { [app: string]: { [file: string]: string } } = {};
    for (const app of EXAMPLE_APPS) {
      const dir = path.join(outdir, path.basename(app, '.ts'));
      result[app] = {};
      for (const file of fs.readdirSync(dir).sort()) {
        result[app][file] = fs.readFileSync(path.join(dir, file), 'utf8');
      }
    }
    return { files: result, stderr: run.stderr };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

let firstRun: ExampleRun;
let secondRun: ExampleRun;

beforeAll(() => {
  firstRun = runApps();
  secondRun = runApps();
});

// The examples are the shapes users copy: none may set anything a synth check warns about.
test('the example apps synthesize without a warning', () => {
  expect(firstRun.stderr).toBe('');
});

describe.each(EXAMPLE_APPS)('example app %s', (app) => {
  let first: { [file: string]: string };
  let second: { [file: string]: string };

  beforeAll(() => {
    first = firstRun.files[app];
    second = secondRun.files[app];
  });

  test('writes manifests', () => {
    expect(Object.keys(first).length).toBeGreaterThan(0);
  });

  test('is deterministic: two runs write byte-identical files', () => {
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const file of Object.keys(first)) {
      expect(second[file]).toBe(first[file]);
    }
  });

  test('every object passes its schema: Kubernetes 1.33 (kubernetes-models 4.5.1) or its pinned CRD', () => {
    const objects: Manifest[] = Object.values(first).flatMap((text) => YAML.parseAllDocuments(text).map((d) => d.toJSON()));
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test('matches the reviewed manifests', () => {
    for (const [file, text] of Object.entries(first)) {
      expect(text).toMatchSnapshot(file);
    }
  });
});

describe('the schema check itself', () => {
  test('reports wrong types, bad values and unknown apiVersions', () => {
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' }, spec: { replicas: '3', selector: {}, serviceName: 'x', template: {} } }))
      .toEqual(['StatefulSet/x: data/spec/replicas must be integer']);
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toEqual(['Widget/w: no kubernetes-models module or pinned CRD for apiVersion example.com/v1']);
  });
});
