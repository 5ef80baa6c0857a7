import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { PikaCluster, PikoCluster, PikoMonitor, PikoMonitorKind } from '../../lib';
import { ObjectVersions, patchCount } from '../../lib/common/object-versions';
import { captureWarnings } from '../support/synth';

describe('object versions for synth-time checks', () => {
  test('move with every JSON patch of the objects read, not of others, and with the metadata of those whose labels are read', () => {
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' } });
    const other = new ApiObject(chart, 'p', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' } });
    const start = ObjectVersions.of([object], [object]);
    other.addJsonPatch(JsonPatch.add('/data', { a: '1' }));
    expect(ObjectVersions.of([object], [object]).equals(start)).toBe(true);
    object.addJsonPatch(JsonPatch.add('/data', { a: '1' }));
    const patched = ObjectVersions.of([object], [object]);
    expect(patched.equals(start)).toBe(false);
    object.metadata.addLabel('team', 'platform');
    expect(ObjectVersions.of([object], [object]).equals(patched)).toBe(false);
    expect(ObjectVersions.of([object]).equals(ObjectVersions.of([object]))).toBe(true);
    expect(ObjectVersions.of([object]).equals(ObjectVersions.of([object, other]))).toBe(false);
  });

  test('leave the objects as cdk8s made them: no method of an object or its metadata is replaced', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    Testing.synth(chart);
    for (const object of [pika.statefulSet, pika.configMap, pika.service]) {
      expect(Object.keys(object).filter((key) => typeof (object as unknown as { [k: string]: unknown })[key] === 'function')).toEqual([]);
      expect(Object.keys(object.metadata).filter((key) => typeof (object.metadata as unknown as { [k: string]: unknown })[key] === 'function')).toEqual([]);
    }
  });

  test('read the patch count cdk8s keeps; without it every check would run every time', () => {
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' } });
    expect(patchCount(object)).toBe(0);
    object.addJsonPatch(JsonPatch.add('/data', {}), JsonPatch.add('/data/a', '1'));
    expect(patchCount(object)).toBe(2);
    const unknown = Object.create(object, { patches: { value: undefined } }) as ApiObject;
    expect(ObjectVersions.of([unknown]).equals(ObjectVersions.of([unknown]))).toBe(false);
  });

  test('a label added after one synth is seen by a check that reads labels', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko');
    new PikoMonitor(chart, 'monitor', { cluster: piko, kind: PikoMonitorKind.SERVICE_MONITOR });
    expect(() => Testing.synth(chart)).not.toThrow();
    piko.headlessService.metadata.addLabel('app.kubernetes.io/name', 'renamed');
    expect(() => Testing.synth(chart)).toThrow(/PikoMonitor/);
  });

  test('toJson() and Testing.synth() return fresh objects a caller may change without changing the output', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    const first = pika.configMap.toJson();
    expect(pika.configMap.toJson()).not.toBe(first);
    first.data['pika.yaml'] = 'changed';
    expect(pika.configMap.toJson().data['pika.yaml']).not.toBe('changed');

    const manifest = Testing.synth(chart);
    const labelled = manifest.filter((o) => o.metadata.labels !== undefined).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(labelled.length).toBeGreaterThan(3);
    for (const object of manifest) {
      delete object.metadata.labels;
    }
    const again = Testing.synth(chart);
    expect(again.filter((o) => o.metadata.labels !== undefined).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(labelled);
  });

  test('a patch added after one synth is checked by the next', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    expect(() => Testing.synth(chart)).not.toThrow();
    ApiObject.of(pika).addJsonPatch(JsonPatch.replace('/spec/template/spec/enableServiceLinks', true));
    expect(() => Testing.synth(chart)).toThrow('enableServiceLinks must be false');
  });

  test('with one chart per cluster, checks do not repeat their warnings per chart', () => {
    const app = new App({ outdir: '/dev/null' });
    for (let i = 0; i < 3; i++) {
      new PikaCluster(new Chart(app, `c${i}`), 'pika', { name: `pika-${i}`, namespace: `ns-${i}`, replicas: 2 });
    }
    const warnings = captureWarnings(() => app.synthYaml()).filter((w) => w.includes('is even'));
    expect(warnings).toHaveLength(3);
    expect(warnings.map((w) => w.split(' ')[0])).toEqual(['[c0/pika]', '[c1/pika]', '[c2/pika]']);
  });
});

describe('public state of the constructs', () => {
  test('selector labels, endpoints and peer addresses are copies: changing them changes no object', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { endpoints: [{ name: 'public', port: 9090 }] });
    const piko = new PikoCluster(chart, 'piko');
    const before = Testing.synth(chart);
    pika.selectorLabels['app.kubernetes.io/name'] = 'changed';
    piko.selectorLabels['app.kubernetes.io/name'] = 'changed';
    (pika.endpoints[0] as { port: number }).port = 1;
    pika.peerAddresses.push('stranger:5000');
    expect(Testing.synth(chart)).toEqual(before);
    expect([pika.selectorLabels, pika.endpoints, pika.peerAddresses.length]).toEqual([{ 'app.kubernetes.io/name': 'pika' }, [{ name: 'public', port: 9090 }], 3]);
  });
});
