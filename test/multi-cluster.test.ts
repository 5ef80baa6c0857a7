import { App, Chart, Testing } from 'cdk8s';
import { PikaCluster, PikoCluster } from '../lib';
import { findObject, kindsAndNames } from './support/synth';

// Several clusters in one app: one Namespace per namespace, none for Kubernetes' own namespaces,
// never a namespace on the Namespace itself, and no object rendered twice.

describe('Namespaces of an app with several clusters', () => {
  test('a Pika and a Piko cluster in a chart namespace share one Namespace, which carries no namespace itself', () => {
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    const pika = new PikaCluster(chart, 'pika');
    const piko = new PikoCluster(chart, 'piko');
    const objects = Testing.synth(chart);
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces).toEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'platform', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } },
    }]);
    expect(piko.namespaceObject).toBe(pika.namespaceObject);
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'platform')).toBe(true);
  });

  test('clusters in different charts of one app share the Namespace too', () => {
    const app = Testing.app();
    new PikaCluster(new Chart(app, 'a'), 'pika', { namespace: 'shared' });
    new PikoCluster(new Chart(app, 'b'), 'piko', { namespace: 'shared' });
    const all = app.charts.flatMap((chart) => Testing.synth(chart));
    expect(kindsAndNames(all).filter((n) => n.startsWith('Namespace/'))).toEqual(['Namespace/shared']);
  });

  test('separate apps each render their own Namespace', () => {
    for (let i = 0; i < 2; i++) {
      const chart = Testing.chart();
      new PikaCluster(chart, 'pika');
      expect(kindsAndNames(Testing.synth(chart))).toContain('Namespace/pika');
    }
  });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('no Namespace object for %s, which Kubernetes owns', (namespace) => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika', { namespace });
    expect(pika.namespaceObject).toBeUndefined();
    expect(kindsAndNames(Testing.synth(chart)).filter((n) => n.startsWith('Namespace/'))).toEqual([]);
  });
});

describe('objects rendered twice', () => {
  test('two clusters with the same names in one namespace fail the synth, naming both constructs', () => {
    const chart = Testing.chart();
    new PikaCluster(chart, 'a');
    new PikaCluster(chart, 'b');
    expect(() => Testing.synth(chart)).toThrow(
      '[test/b] PikaCluster StatefulSet "pika" in namespace "pika" must be rendered once, but [test/a] renders it too: on apply one would silently replace the other (found "test/b"). Fix: give one of the two constructs another `name` or `namespace`',
    );
  });

  test('a Pika and a Piko cluster of the same name collide on their shared object names', () => {
    const chart = Testing.chart();
    new PikaCluster(chart, 'pika', { name: 'edge', namespace: 'edge' });
    new PikoCluster(chart, 'piko', { name: 'edge', namespace: 'edge' });
    expect(() => Testing.synth(chart)).toThrow('[test/piko] PikoCluster ServiceAccount "edge" in namespace "edge" must be rendered once, but [test/pika] renders it too');
  });

  test('the same names in two namespaces, or two names in one namespace, are fine', () => {
    const app = new App({ outdir: '/dev/null' });
    const chart = new Chart(app, 'c');
    new PikaCluster(chart, 'a', { namespace: 'one' });
    new PikaCluster(chart, 'b', { namespace: 'two' });
    new PikaCluster(chart, 'c', { name: 'pika-c', namespace: 'one' });
    expect(() => app.synthYaml()).not.toThrow();
    expect(findObject(Testing.synth(chart), 'StatefulSet', 'pika-c').metadata.namespace).toBe('one');
  });
});
