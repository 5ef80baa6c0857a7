import * as fs from 'fs';
import * as path from 'path';
import { cdk8sSynth, expectSameManifests, pacmak, ROOT, run, scratchDir, typeScriptManifests } from './support';

// Python users get the constructs as a wheel built by jsii-pacmak. Here the wheel is built,
// installed into a fresh virtualenv beside cdk8s and cdk8s-plus-28 from PyPI (the versions
// examples/python/requirements.txt pins), and examples/python, the Python twin of the TypeScript
// example app, is synthesized by the cdk8s CLI. Its manifests must equal the TypeScript app's.

const APP = path.join(ROOT, 'examples', 'python');
let work: string;
let wheel: string;
let venvBin: string;

beforeAll(() => {
  work = scratchDir('python');
  pacmak('python', path.join(work, 'dist'));
  const built = fs.readdirSync(path.join(work, 'dist', 'python')).filter((f) => f.endsWith('.whl'));
  expect(built).toHaveLength(1);
  wheel = path.join(work, 'dist', 'python', built[0]);
  run('python3', ['-m', 'venv', path.join(work, 'venv')]);
  venvBin = path.join(work, 'venv', 'bin');
  run(path.join(venvBin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', wheel, '-r', path.join(APP, 'requirements.txt')]);
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the wheel installs as the module cdk8s_pika_piko, with the pinned cdk8s beside it', () => {
  const python = path.join(venvBin, 'python');
  const report = run(python, ['-c', [
    'import importlib.metadata as m, cdk8s_pika_piko as p',
    'print(p.PikaCluster.__name__, p.PikoCluster.__name__)',
    'print(m.version("cdk8s"), m.version("cdk8s-plus-28"), m.version("cdk8s-pika-piko"))',
  ].join('\n')]);
  const ownVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  expect(report.trim().split('\n')).toEqual(['PikaCluster PikoCluster', `2.70.106 2.5.6 ${ownVersion}`]);
});

test('the Python example app synthesizes the same manifests as the TypeScript one, byte for byte', () => {
  const python = cdk8sSynth(APP, { PATH: `${venvBin}${path.delimiter}${process.env.PATH}` });
  expectSameManifests(python, typeScriptManifests());
}, 300_000);

test('a bad prop from Python fails with the library\'s own message, not a Python traceback from inside jsii', () => {
  const script = [
    'from cdk8s import App, Chart',
    'from cdk8s_pika_piko import PikaCluster',
    'try:',
    '    PikaCluster(Chart(App(), "c"), "pika", replicas=0)',
    'except Exception as error:',
    '    print(str(error))',
  ].join('\n');
  expect(run(path.join(venvBin, 'python'), ['-c', script])).toContain('Invalid PikaCluster props');
});
