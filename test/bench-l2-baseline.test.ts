import { App } from 'cdk8s';
import { buildApp, Implementation, Layout } from '../bench/scenario';

// The benchmark's second baseline writes the constructs' objects by hand with cdk8s-plus-28's L2
// classes. Its output cannot be byte-identical (cdk8s-plus adds defaults of its own), so this
// holds what makes the comparison fair: the same objects, by kind, namespace and name, with the
// same labels, config files, ports, images and replica counts.

type Json = { [key: string]: any };

/** What of an object the L2 baseline must match; cdk8s-plus's own additions are left out. */
function essentials(object: Json): Json {
  const spec = object.spec ?? {};
  const pod = spec.template?.spec;
  return {
    id: `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`,
    apiVersion: object.apiVersion,
    labels: object.metadata.labels,
    data: object.data,
    servicePorts: spec.ports?.map((p: Json) => [p.name, p.port, p.protocol]),
    clusterIP: spec.clusterIP,
    replicas: spec.replicas,
    serviceName: spec.serviceName,
    podLabels: spec.template?.metadata.labels && Object.fromEntries(Object.entries(spec.template.metadata.labels).filter(([key]) => !key.startsWith('cdk8s.io/'))),
    podAnnotations: spec.template?.metadata.annotations,
    matchLabels: spec.selector?.matchLabels,
    containers: pod?.containers.map((c: Json) => ({
      name: c.name,
      image: c.image,
      args: c.args,
      ports: c.ports.map((p: Json) => [p.name, p.containerPort, p.protocol]),
      mounts: c.volumeMounts.map((m: Json) => m.mountPath).sort(),
      env: c.env?.map((e: Json) => e.name),
    })),
    volumes: pod?.volumes.map((v: Json) => v.name).sort(),
    claims: spec.volumeClaimTemplates?.map((t: Json) => t.metadata.name),
  };
}

function objects(implementation: Implementation, layout: Layout): Json[] {
  const app = new App({ outdir: '/dev/null' });
  buildApp(app, 2, layout, implementation);
  return app.charts.flatMap((chart) => chart.toJson()).map(essentials).sort((a, b) => a.id.localeCompare(b.id));
}

test.each(['one-chart', 'chart-per-cluster'] as const)('the L2 baseline builds the objects the constructs build (%s)', (layout) => {
  const library = objects('library', layout);
  // 7 objects for Pika, 8 for Piko.
  expect(library).toHaveLength(15);
  expect(objects('l2-baseline', layout)).toEqual(library);
});
