import { ApiObject } from 'cdk8s';
import { Manifest } from './manifest-view';

/** An object's final JSON, or the message of the error cdk8s throws while rendering it. */
export function renderedForm(object: ApiObject): { manifest: Manifest } | { error: string } {
  try {
    return { manifest: object.toJson() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
