import { ApiObject, ApiObjectMetadataDefinition, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';

// cdk8s validates the whole app again for every chart it writes, so with one chart per cluster
// every synth-time check would run once per chart: quadratic in the number of clusters. The
// checks are pure functions of the final objects, and an L1 object's final JSON changes only
// through a JSON patch or its metadata (its props are not reachable after construction). So a
// check's result is reused until any tracked object changes: a global generation counter bumps
// on every such change, which makes a repeated check a single comparison. Only the checks cache:
// `toJson()` stays cdk8s's own, so every caller gets a fresh object it may change freely.

let generation = 0;

/** The metadata methods that change an object's output. */
const METADATA_MUTATORS = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'] as const;

// `addJsonPatch` is replaced by one wrapper shared by every tracked object, installed as an own
// property that calls the class's method through the prototype.

function addJsonPatchCountingChanges(this: ApiObject, ...ops: JsonPatch[]): void {
  generation++;
  Object.getPrototypeOf(this).addJsonPatch.apply(this, ops);
}

/** Starts watching `object` for changes to its output (once; later calls do nothing). */
export function trackChanges(object: ApiObject): void {
  if (object.addJsonPatch === addJsonPatchCountingChanges) {
    return;
  }
  object.addJsonPatch = addJsonPatchCountingChanges;
  countMetadataChanges(object.metadata);
  // A new object read by a check changes what the check sees.
  generation++;
}

/** Wraps the metadata's mutators with closures of its own (docs/benchmarks.md, finding 9, says why). */
function countMetadataChanges(metadata: ApiObjectMetadataDefinition): void {
  const methods = metadata as unknown as { [method: string]: (...args: unknown[]) => void };
  for (const method of METADATA_MUTATORS) {
    const original = methods[method];
    methods[method] = (...args: unknown[]) => {
      generation++;
      original.apply(metadata, args);
    };
  }
}

/** Changes whenever any tracked object may have changed its output. */
export function currentGeneration(): number {
  return generation;
}

/** The API objects in a construct's subtree, in tree order. */
export function apiObjectsOf(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}
