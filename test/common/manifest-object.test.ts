import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { PikaCluster, PikoCluster } from '../../lib';

// Users write patches in the manifest's own field names and values, as in kubectl patch.
describe('JSON patches on the library objects', () => {
  test('apply to the manifest as written: field names that differ from cdk8s property names are kept', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    pika.service.addJsonPatch(JsonPatch.add('/spec/clusterIP', '10.0.0.10'), JsonPatch.add('/spec/externalIPs', ['192.0.2.1']));
    const service = Testing.synth(chart).find((o) => o.kind === 'Service' && o.metadata.name === 'pika');
    expect(service.spec).toMatchObject({ clusterIP: '10.0.0.10', externalIPs: ['192.0.2.1'] });
    expect(service.spec.clusterIp).toBeUndefined();
  });

  test('keep plain values where cdk8s classes expect wrappers (IntOrString)', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko');
    piko.podDisruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/maxUnavailable', '50%'));
    ApiObject.of(piko).addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 5));
    const manifest = Testing.synth(chart);
    expect(manifest.find((o) => o.kind === 'PodDisruptionBudget').spec.maxUnavailable).toBe('50%');
    expect(manifest.find((o) => o.kind === 'StatefulSet').spec.minReadySeconds).toBe(5);
  });

  test('the objects are plain ApiObjects whose manifest matches what the generated classes render', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    expect(Object.getPrototypeOf(pika.statefulSet)).toBe(ApiObject.prototype);
    expect(pika.statefulSet.toJson()).toMatchObject({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'pika' } });
  });
});
