import { execFileSync } from 'child_process';
import * as path from 'path';

// The generated CRD bindings load on first use, not with the package (lib/common/crd-bindings.ts).
// Each case runs in a fresh Node process against the compiled package, as an app loads it, and
// lists the bindings that process loaded.

const root = path.resolve(__dirname, '..', '..');
const bindingsDir = path.join(root, 'build', 'imports') + path.sep;

function bindingsLoadedBy(appCode: string): string[] {
  const script = `
    const { App, Chart } = require('cdk8s');
    const lib = require('./build/lib');
    const chart = new Chart(new App(), 'chart');
    ${appCode}
    console.log(JSON.stringify(Object.keys(require.cache)));`;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
  return loaded.filter((file) => file.startsWith(bindingsDir)).map((file) => path.basename(file, '.js')).sort();
}

test('loading the package and building both clusters with defaults loads no binding', () => {
  expect(bindingsLoadedBy(`
    new lib.PikaCluster(chart, 'pika');
    new lib.PikoCluster(chart, 'piko');`)).toEqual([]);
});

test('each integration loads only the bindings of the objects it builds', () => {
  expect(bindingsLoadedBy(`
    const pika = new lib.PikaCluster(chart, 'pika');
    new lib.PikaHttpRoute(chart, 'route', { cluster: pika, gateways: [{ name: 'gateway' }] });`))
    .toEqual(['httproutes-gateway.networking.k8s.io']);
  expect(bindingsLoadedBy(`
    const piko = new lib.PikoCluster(chart, 'piko');
    new lib.PikoMonitor(chart, 'metrics', { cluster: piko, kind: lib.PikoMonitorKind.POD_MONITOR });`))
    .toEqual(['podmonitors-monitoring.coreos.com']);
});
