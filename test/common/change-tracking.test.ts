import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { PikaCluster, PikoCluster } from '../../lib';
import { currentGeneration, trackChanges } from '../../lib/common/change-tracking';
import { captureWarnings } from '../support/synth';

describe('change tracking for synth-time checks', () => {
  test('the generation moves with every JSON patch and metadata change of a tracked object, not of others', () => {
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' } });
    const other = new ApiObject(chart, 'p', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' } });
    trackChanges(object);
    trackChanges(object);
    const start = currentGeneration();
    other.addJsonPatch(JsonPatch.add('/data', { a: '1' }));
    expect(currentGeneration()).toBe(start);
    object.addJsonPatch(JsonPatch.add('/data', { a: '1' }));
    const patched = currentGeneration();
    object.metadata.addLabel('team', 'platform');
    expect([start < patched, patched < currentGeneration()]).toEqual([true, true]);
    expect(object.toJson()).toMatchObject({ data: { a: '1' }, metadata: { labels: { team: 'platform' } } });
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
