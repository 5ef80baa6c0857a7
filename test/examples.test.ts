import { execFileSync } from 'child_process';
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

/** Runs every example app in one fresh process; returns each app's files by app. */
function runApps(): { [app: string]: { [file: string]: string } } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pika-piko-example-'));
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'support', 'run-example-apps.ts'), outdir, ...EXAMPLE_APPS], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const result: { [app: string]: { [file: string]: string } } = {};
    for (const app of EXAMPLE_APPS) {
      const dir = path.join(outdir, path.basename(app, '.ts'));
      result[app] = {};
      for (const file of fs.readdirSync(dir).sort()) {
        result[app][file] = fs.readFileSync(path.join(dir, file), 'utf8');
      }
    }
    return result;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

let firstRun: { [app: string]: { [file: string]: string } };
let secondRun: { [app: string]: { [file: string]: string } };

beforeAll(() => {
  firstRun = runApps();
  secondRun = runApps();
});

describe.each(EXAMPLE_APPS)('example app %s', (app) => {
  let first: { [file: string]: string };
  let second: { [file: string]: string };

  beforeAll(() => {
    first = firstRun[app];
    second = secondRun[app];
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
