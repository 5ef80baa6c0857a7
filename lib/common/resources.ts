import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { Problem } from './problems';

// Renders cdk8s-plus resource props as quantities a person would write (1Gi, not 1024Mi), so
// the output reads like a hand-written manifest and diffs stay small.

const BINARY_UNITS: ReadonlyArray<[string, number]> = [['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

export function sizeToQuantity(size: Size): string {
  const kibibytes = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  for (const [unit, factor] of BINARY_UNITS) {
    if (Number.isInteger(kibibytes / factor) && kibibytes >= factor) {
      return `${kibibytes / factor}${unit}`;
    }
  }
  return `${Math.round(kibibytes * 1024)}`;
}

/** A size that renders as a positive whole number of bytes, such as a claim's storage request. */
export function checkStorageSize(setting: string, size: Size): Problem | undefined {
  const bytes = size instanceof Size ? size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024 : NaN;
  if (Number.isSafeInteger(bytes) && bytes > 0) {
    return undefined;
  }
  return {
    setting,
    rule: 'must be a positive whole number of bytes, given as a cdk8s Size',
    found: size instanceof Size ? `${bytes} bytes` : size,
    fix: 'use a Size such as Size.gibibytes(10)',
  };
}

export function renderResources(resources: ContainerResources): k8s.ResourceRequirements {
  const requests: { [key: string]: k8s.Quantity } = {};
  const limits: { [key: string]: k8s.Quantity } = {};
  const put = (target: { [key: string]: k8s.Quantity }, key: string, amount: string | undefined) => {
    if (amount !== undefined) {
      target[key] = k8s.Quantity.fromString(amount);
    }
  };
  put(requests, 'cpu', resources.cpu?.request?.amount);
  put(limits, 'cpu', resources.cpu?.limit?.amount);
  put(requests, 'memory', resources.memory?.request && sizeToQuantity(resources.memory.request));
  put(limits, 'memory', resources.memory?.limit && sizeToQuantity(resources.memory.limit));
  put(requests, 'ephemeral-storage', resources.ephemeralStorage?.request && sizeToQuantity(resources.ephemeralStorage.request));
  put(limits, 'ephemeral-storage', resources.ephemeralStorage?.limit && sizeToQuantity(resources.ephemeralStorage.limit));
  return {
    requests: Object.keys(requests).length > 0 ? requests : undefined,
    limits: Object.keys(limits).length > 0 ? limits : undefined,
  };
}
