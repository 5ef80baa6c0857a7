import { ApiObject } from 'cdk8s';
import { finalJson } from './final-json';
import { Manifest } from './manifest-view';
import { Problem } from './problems';

/** An object's final JSON, or the message of the error cdk8s throws while rendering it. */
export function renderedForm(object: ApiObject): { manifest: Manifest } | { error: string } {
  try {
    return { manifest: finalJson(object) };
  } catch (error) {
    // cdk8s wraps the cause in "Failed serializing construct at path ...: TypeError: ..."; the
    // message names the object already, so only the cause is kept.
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.replace(/^Failed serializing construct at path '[^']*' with name '[^']*': /, '').replace(/^[A-Za-z]*Error: /, '') };
  }
}

/** The problem of an object cdk8s cannot render after its JSON patches (`error` from renderedForm). */
export function renderProblem(object: ApiObject, error: string): Problem {
  return {
    setting: `${object.kind} "${object.name}"`,
    rule: 'must still render after its JSON patches: cdk8s cannot patch a path the manifest lacks, and a custom resource\'s generated class cannot render a field patched to another shape',
    found: error,
    fix: 'fix the patch: every key before the last must exist in the manifest (add the parent object first), and each field keeps its shape (a list stays a list, an object an object, never null)',
  };
}
