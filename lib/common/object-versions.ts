import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { metadataJson } from './final-json';

// cdk8s validates the whole app again for every chart it writes (`App._synthChart`), so with one
// chart per cluster every synth-time check would run once per chart: quadratic in the number of
// clusters. A check is a pure function of the final JSON of the objects it reads, and after
// construction an L1 object's JSON changes only through `addJsonPatch`, which appends to the
// object's list of patches, or through its metadata's `add*` methods. So a check result is reused
// while each object it reads has as many patches as before and, for the few checks that read
// labels or annotations, the same metadata. Nothing of the objects is replaced or wrapped: the
// patch count is read from cdk8s's own (private) list, and should a cdk8s release rename it,
// `patchCount` is NaN, which equals nothing, so every check simply runs every time.

/** How many JSON patches `object` carries: a version that moves with every patch. */
export function patchCount(object: ApiObject): number {
  const patches: unknown = (object as unknown as { patches?: unknown }).patches;
  return Array.isArray(patches) ? patches.length : NaN;
}

/**
 * What a check's result depends on: the objects it reads and their patch counts, plus the
 * metadata of the objects whose labels or annotations it reads.
 */
export class ObjectVersions {
  /** Takes the versions of `objects` now. */
  public static of(objects: readonly ApiObject[], metadataOf: readonly ApiObject[] = []): ObjectVersions {
    return new ObjectVersions(objects, objects.map(patchCount), metadataOf.map((o) => JSON.stringify(metadataJson(o) ?? o.metadata.toJson())).join('\n'));
  }

  private constructor(
    private readonly objects: readonly ApiObject[],
    private readonly patchCounts: readonly number[],
    private readonly metadata: string,
  ) {}

  /** True when `other` saw the same objects at the same versions. */
  public equals(other: ObjectVersions): boolean {
    if (other.objects.length !== this.objects.length || other.metadata !== this.metadata) {
      return false;
    }
    return this.objects.every((object, i) => other.objects[i] === object && other.patchCounts[i] === this.patchCounts[i]);
  }
}

/** The API objects in a construct's subtree, in tree order. */
export function apiObjectsOf(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}
