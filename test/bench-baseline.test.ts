import { App } from 'cdk8s';
import { buildApp } from '../bench/scenario';

// The benchmark compares the constructs with a baseline app that builds the same objects with
// plain k8s classes. This holds the two outputs byte-identical, so the overhead it reports is
// the cost of the library, not of different objects.

function synthYaml(implementation: 'library' | 'baseline', layout: 'one-chart' | 'chart-per-cluster'): string {
  const app = new App({ outdir: '/dev/null' });
  buildApp(app, 4, layout, implementation);
  return app.synthYaml();
}

test.each(['one-chart', 'chart-per-cluster'] as const)('the baseline renders exactly what the constructs render (%s)', (layout) => {
  const library = synthYaml('library', layout);
  expect(library).toContain('kind: StatefulSet');
  expect(synthYaml('baseline', layout)).toBe(library);
});
