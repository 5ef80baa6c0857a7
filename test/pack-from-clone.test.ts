import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// `npm pack` (and so `npm install <git URL>` and `npm install ./cdk8s-pika-piko-X.tgz`) on a clone
// that was never built: the `prepare` script must build the package, or the tarball would hold a
// package.json whose `main` does not exist. The clone is the repo's files as git sees them (no
// build/, no .jsii), with this checkout's node_modules.

const ROOT = path.resolve(__dirname, '..');
let clone: string;
let packed: { files: Array<{ path: string }> };

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'pika-piko-clone-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter((f) => f !== '' && fs.existsSync(path.join(ROOT, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(clone, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  expect(fs.existsSync(path.join(clone, 'build'))).toBe(false);
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', clone], {
    cwd: clone,
    encoding: 'utf8',
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The build's own output comes first on stdout; npm's JSON report is the last part.
  packed = JSON.parse(output.slice(output.search(/^\[$/m)))[0];
}, 300_000);

afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

test('npm pack on an unbuilt clone builds first: the tarball holds the compiled library and the jsii assembly', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const files = packed.files.map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining([manifest.main, manifest.types, '.jsii', 'build/imports/httproutes-gateway.networking.k8s.io.js']));
  expect(files.filter((f) => f.startsWith('build/lib/')).length).toBeGreaterThan(50);
});
