import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Python users get the constructs through jsii. A full wheel build needs PyPI; the generated
// code does not, so it is generated here (jsii-pacmak --code-only, from the jsii build) and its
// public surface checked, and Python byte-compiles every generated file.

const ROOT = path.resolve(__dirname, '..');
let outdir: string;
let source: string;

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pika-piko-python-'));
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--targets', 'python', '--code-only', '--outdir', outdir], {
    cwd: ROOT,
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  source = fs.readFileSync(path.join(outdir, 'python', 'src', 'cdk8s_pika_piko', '__init__.py'), 'utf8');
}, 120_000);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test.each(['PikaCluster', 'PikoCluster', 'PikaHttpRoute', 'PikaSecretStore', 'PikoHttpRoute', 'PikoMonitor'])('the module exposes the construct %s', (name) => {
  expect(source).toMatch(new RegExp(`^class ${name}\\(\\s*_constructs_[0-9a-f]+\\.Construct,`, 'm'));
});

test.each([
  ['PikaClusterProps', ['replicas', 'security_key', 'server', 'cluster', 'encryption', 'pod_security', 'config']],
  ['PikoClusterProps', ['replicas', 'ports', 'proxy', 'upstream', 'admin', 'grace_period', 'termination_grace_period']],
])('the module exposes %s with snake_case props', (name, props) => {
  const start = source.search(new RegExp(`^class ${name}\\(`, 'm'));
  expect(start).toBeGreaterThanOrEqual(0);
  const body = source.slice(start, source.indexOf('\nclass ', start + 1));
  for (const prop of props) {
    expect(body).toContain(`def ${prop}(self)`);
  }
});

test('option classes keep their static factories', () => {
  expect(source).toMatch(/class PikaSecurityKey\(/);
  expect(source).toMatch(/def from_secret\(\s*cls,/);
  expect(source).toMatch(/def from_external_secret\(/);
  expect(source).toMatch(/class PikoAuth\(/);
});

test('every generated Python file compiles', () => {
  execFileSync('python3', ['-m', 'compileall', '-q', path.join(outdir, 'python', 'src')], { stdio: ['ignore', 'pipe', 'pipe'] });
});
