import { parseImageReference } from './image-reference';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * The Kubernetes recommended labels put on every object. Selectors never use them: a selector is
 * immutable on a StatefulSet, and these labels change (the version on every upgrade).
 */
export function recommendedLabels(instance: string, image: string, component: string): { [key: string]: string } {
  const labels: { [key: string]: string } = {
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'cdk8s-pika-piko',
  };
  const tag = parseImageReference(image).tag;
  // A digest or an unusual tag is not a valid label value; the label is then left out.
  if (tag !== undefined && tag.length <= 63 && LABEL_VALUE.test(tag)) {
    labels['app.kubernetes.io/version'] = tag;
  }
  return labels;
}

/** True when every selector label is present, with the same value, in `labels`; an empty selector matches nothing here. */
export function selectorMatches(selector: { [key: string]: string } | undefined, labels: { [key: string]: string } | undefined): boolean {
  // A patch may have replaced either by null or a scalar.
  if (typeof selector !== 'object' || selector === null || Object.keys(selector).length === 0) {
    return false;
  }
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}
