import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { PikaCluster, PikoCluster } from '../../lib';
import { finalJson, metadataJson } from '../../lib/common/final-json';

// finalJson stands in for toJson() in the synth checks; wherever it takes its shortcut, it must
// return the same JSON (key order aside), or the checks would judge something else than the output.

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = [
  'examples/main.ts',
  ...fs.readdirSync(path.join(ROOT, 'examples', 'integrations')).filter((f) => f.endsWith('.ts')).sort().map((f) => `examples/integrations/${f}`),
];

/** The apps the example files build, taken just before they would synthesize. */
function exampleApps(): App[] {
  const apps: App[] = [];
  const synth = jest.spyOn(App.prototype, 'synth').mockImplementation(function (this: App) {
    apps.push(this);
  });
  try {
    for (const example of EXAMPLES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- running an example app is loading it
      require(path.join(ROOT, example));
    }
  } finally {
    synth.mockRestore();
  }
  return apps;
}

function apiObjects(scope: Chart | App): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

describe('finalJson', () => {
  // Loading the examples again would reuse the cached modules, which build nothing.
  let apps: App[];
  beforeAll(() => {
    apps = exampleApps();
  });

  test('equals toJson() for every object of every example app', () => {
    expect(apps).toHaveLength(EXAMPLES.length);
    const objects = apps.flatMap(apiObjects);
    expect(objects.length).toBeGreaterThan(100);
    for (const object of objects) {
      expect(finalJson(object)).toEqual(object.toJson());
    }
  });

  test('reads metadata as metadata.toJson() renders it, for every object of every example app', () => {
    const objects = apps.flatMap(apiObjects);
    for (const object of objects) {
      expect(metadataJson(object)).toEqual(object.metadata.toJson());
    }
  });

  test('reads metadata cdk8s sanitizes: empty maps and lists, null and undefined dropped, at every depth', () => {
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'o', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'o', labels: {}, finalizers: [], extra: { kept: 'x', gone: null, empty: {}, none: [], deeper: { nothing: undefined } } } as any,
    });
    object.metadata.addAnnotation('b', '2');
    object.metadata.addAnnotation('a', '1');
    expect(metadataJson(object)).toEqual(object.metadata.toJson());
    expect(metadataJson(object)).toEqual({ name: 'o', annotations: { a: '1', b: '2' }, extra: { kept: 'x' } });
    expect(Object.keys(metadataJson(object)!.annotations)).toEqual(['a', 'b']);
  });

  test('leaves metadata holding a token to cdk8s: no shortcut, and the checks still see the produced value', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    pika.statefulSet.metadata.addLabel('team', Lazy.any({ produce: () => 'platform' }) as unknown as string);
    expect(metadataJson(pika.statefulSet)).toBeUndefined();
    expect(finalJson(pika.statefulSet).metadata.labels.team).toBe('platform');
  });

  test('is only read by the synth checks: running them leaves every object as it was', () => {
    const objects = apps.flatMap(apiObjects);
    expect(objects.length).toBeGreaterThan(100);
    const before = objects.map((object) => JSON.stringify(object.toJson()));
    const errors = apps.flatMap((app) => app.node.findAll().flatMap((c) => c.node.validate()));
    expect(errors).toEqual([]);
    expect(objects.map((object) => JSON.stringify(object.toJson()))).toEqual(before);
  });

  test('follows JSON patches, metadata added later and the checksum of a patched ConfigMap', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    const checksum = finalJson(pika.statefulSet).spec.template.metadata.annotations['checksum/config'];
    const piko = new PikoCluster(chart, 'piko');
    pika.service.addJsonPatch(JsonPatch.replace('/spec/type', 'NodePort'));
    pika.configMap.addJsonPatch(JsonPatch.add('/data/extra', 'x'));
    piko.statefulSet.metadata.addLabel('team', 'platform');
    for (const object of [...apiObjects(chart)]) {
      expect(finalJson(object)).toEqual(object.toJson());
    }
    expect(finalJson(pika.statefulSet).spec.template.metadata.annotations['checksum/config']).not.toBe(checksum);
    expect(finalJson(piko.statefulSet).metadata.labels.team).toBe('platform');
  });

  test('goes through an app\'s own resolvers', () => {
    class Mirror implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('ghcr.io/')) {
          context.replaceValue(context.value.replace('ghcr.io/', 'mirror.example.com/'));
        }
      }
    }
    const app = new App({ resolvers: [new Mirror()] });
    const pika = new PikaCluster(new Chart(app, 'c'), 'pika');
    expect(finalJson(pika.statefulSet).spec.template.spec.containers[0].image).toBe('mirror.example.com/rakunlabs/pika:v0.3.0');
  });

  test('returns a fresh result after the object changes', () => {
    const chart = Testing.chart();
    const pika = new PikaCluster(chart, 'pika');
    const before = finalJson(pika.configMap);
    pika.configMap.metadata.addAnnotation('note', 'changed');
    expect(before.metadata.annotations).toBeUndefined();
    expect(finalJson(pika.configMap).metadata.annotations).toEqual({ note: 'changed' });
  });
});
