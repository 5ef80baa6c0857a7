import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The library as users meet it: `npm pack`, installed into a fresh cdk8s app that imports only
// the package's public entry point, type-checked against the shipped types and synthesized.
// `npm test` has just built the package, so the pack skips the `prepare` build; the peers come
// from the npm cache where `npm ci` left their tarballs, with metadata from the registry (a cold
// cache holds no metadata, so a strictly offline install would fail on a fresh machine).

const ROOT = path.resolve(__dirname, '..');
const ownPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PEERS = ['cdk8s', 'cdk8s-plus-28', 'constructs'];

const CONSUMER_APP = `
import { App, Chart, Duration } from 'cdk8s';
import {
  LogLevel, NetworkPeer, PikaCluster, PikaHttpRoute, PikaSecurityKey, PikoAuth, PikoCluster, PikoMonitor,
} from 'cdk8s-pika-piko';

const app = new App();
const chart = new Chart(app, 'platform');
const pika = new PikaCluster(chart, 'pika', {
  replicas: 3,
  securityKey: PikaSecurityKey.fromSecret('pika-cluster'),
  logLevel: LogLevel.WARN,
  networkPolicy: { httpFrom: [NetworkPeer.namespaceNamed('apps')] },
});
new PikaHttpRoute(chart, 'route', { cluster: pika, gateways: [{ name: 'gateway' }] });
const piko = new PikoCluster(chart, 'piko', { gracePeriod: Duration.seconds(30), admin: { auth: PikoAuth.hmac('piko-admin', 'hmac') } });
new PikoMonitor(chart, 'metrics', { cluster: piko, bearerToken: { secretName: 'metrics-token', key: 'token' } });
app.synth();
`;

let workdir: string;
let packed: { files: Array<{ path: string }>; bundled: string[]; filename: string };
let appDir: string;

// The app is set up as the README's "Using the library" says: peers and the tarball as
// dependencies, TypeScript 6 and tsx as dev dependencies, its tsconfig.json and cdk8s.yaml. The
// cdk8s CLI is this checkout's (the same pinned version the README's app would install).
const CONSUMER_TSCONFIG = {
  compilerOptions: { target: 'es2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true, noEmit: true },
  include: ['main.ts'],
};
const CONSUMER_CDK8S_YAML = 'language: typescript\napp: npx tsx main.ts\noutput: dist\n';

beforeAll(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pika-piko-package-'));
  packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workdir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
  appDir = path.join(workdir, 'app');
  fs.mkdirSync(appDir);
  const dependencies: { [name: string]: string } = { 'cdk8s-pika-piko': `file:${path.join(workdir, packed.filename)}` };
  for (const peer of PEERS) {
    dependencies[peer] = ownPackage.devDependencies[peer];
  }
  const devDependencies = { tsx: ownPackage.devDependencies.tsx, typescript: ownPackage.devDependencies.typescript };
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, dependencies, devDependencies }, null, 2));
  fs.writeFileSync(path.join(appDir, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
  fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), CONSUMER_CDK8S_YAML);
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], { cwd: appDir, stdio: ['ignore', 'ignore', 'pipe'] });
  fs.writeFileSync(path.join(appDir, 'main.ts'), CONSUMER_APP);
}, 180_000);

afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

test('the tarball holds the compiled library, its types, the jsii assembly and the docs, and no sources or tests', () => {
  const files = packed.files.map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'API.md', '.jsii', 'build/lib/index.js', 'build/lib/index.d.ts', 'build/imports/httproutes-gateway.networking.k8s.io.js']));
  expect(files.filter((f) => /^(lib|test|examples|bench|scripts)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  expect(packed.bundled).toEqual(['yaml']);
});

test('main, types and exports point at files that exist', () => {
  const installed = path.join(appDir, 'node_modules', 'cdk8s-pika-piko');
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  for (const file of [manifest.main, manifest.types, manifest.exports['.'].types, manifest.exports['.'].default, manifest.exports['./.jsii']]) {
    expect(fs.existsSync(path.join(installed, file))).toBe(true);
  }
});

test('cdk8s, cdk8s-plus-28 and constructs stay peers: the app\'s copies are the only ones', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', 'cdk8s-pika-piko', 'package.json'), 'utf8'));
  expect(Object.keys(manifest.dependencies ?? {})).toEqual(['yaml']);
  expect(Object.keys(manifest.peerDependencies).sort()).toEqual(PEERS);
  const nested = path.join(appDir, 'node_modules', 'cdk8s-pika-piko', 'node_modules');
  expect(fs.readdirSync(nested).filter((d) => !d.startsWith('.'))).toEqual(['yaml']);
});

test('internal modules are not importable; only the public entry point is', () => {
  const run = (code: string) => execFileSync('node', ['-e', code], { cwd: appDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(run('console.log(typeof require("cdk8s-pika-piko").PikaCluster)').trim()).toBe('function');
  expect(() => run('require("cdk8s-pika-piko/build/lib/common/problems")')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/);
});

test('a consumer app type-checks against the shipped types and `cdk8s synth` synthesizes both constructs', () => {
  execFileSync(path.join(appDir, 'node_modules', '.bin', 'tsc'), [], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], { cwd: appDir, stdio: ['ignore', 'ignore', 'pipe'] });
  const yaml = fs.readFileSync(path.join(appDir, 'dist', 'platform.k8s.yaml'), 'utf8');
  expect(yaml).toContain('kind: StatefulSet\nmetadata:');
  expect(yaml).toContain('image: ghcr.io/rakunlabs/pika:v0.3.0');
  expect(yaml).toContain('image: ghcr.io/andydunstall/piko:v0.10.0');
  expect(yaml).toContain('kind: HTTPRoute');
  expect(yaml).toContain('kind: PodMonitor');
});

test('a type error in the consumer app fails its type-check: the shipped types are really used', () => {
  fs.writeFileSync(path.join(appDir, 'wrong.ts'), "import { Testing } from 'cdk8s';\nimport { PikaCluster } from 'cdk8s-pika-piko';\nnew PikaCluster(Testing.chart(), 'pika', { replicas: 'three' });\n");
  fs.writeFileSync(path.join(appDir, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', include: ['wrong.ts'] }));
  let report = '';
  try {
    execFileSync(path.join(appDir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.wrong.json'], { cwd: appDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    report = (error as { stdout: string }).stdout;
  }
  expect(report).toContain("wrong.ts(3,44): error TS2322: Type 'string' is not assignable to type 'number'.");
});
