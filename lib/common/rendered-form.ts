import { ApiObject } from 'cdk8s';
import { finalJson } from './final-json';
import { Manifest } from './manifest-view';

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
