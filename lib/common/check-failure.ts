import { ApiObject } from 'cdk8s';
import { checkPatchedTypes } from './patched-types';
import { Problem } from './problems';
import { renderedForm, renderProblem } from './rendered-form';

// The synth-time rules read the final objects in the shapes the library wrote them. A JSON patch
// can break that in two ways the rules do not foresee one by one: a patch cdk8s cannot apply (the
// object no longer renders), and a field given another JSON type (`spec.ports: true`), on which a
// rule fails with a TypeError. Each has a problem of its own that names the object or the field,
// so a check that fails is answered with those.

/**
 * The problems that explain why a check over `objects` failed with `error`: every object that no
 * longer renders, else every field whose type a patch changed; failing both, the error itself.
 */
export function explainCheckFailure(objects: readonly ApiObject[], error: unknown): Problem[] {
  const rendered = objects.map((object) => ({ object, form: renderedForm(object) }));
  const unrendered = rendered.flatMap(({ object, form }) => ('error' in form ? [renderProblem(object, form.error)] : []));
  if (unrendered.length > 0) {
    return unrendered;
  }
  const retyped = rendered.flatMap(({ object, form }) => ('manifest' in form ? checkPatchedTypes(object, form.manifest) : []));
  if (retyped.length > 0) {
    return retyped;
  }
  return [{
    setting: 'objects',
    rule: 'must keep the shapes Kubernetes gives their fields after JSON patches: a synth check could not read them',
    found: error instanceof Error ? error.message : String(error),
    fix: 'fix the patch: keep each list a list and each object an object',
  }];
}
