import { allContainersOf, describeObject, listOf, Manifest } from './manifest-view';
import { Problem } from './problems';
import { parseQuantity } from './quantity';

// The API server refuses a resource amount it cannot parse, a negative one, and a request above
// its limit. A patch can write each, as patches apply to the manifest as written.

/** Requests and limits of every container of the workload's pod template, and its claim templates' requests. */
export function checkResources(workload: Manifest): Problem[] {
  const claims = listOf(workload.spec?.volumeClaimTemplates).flatMap((claim) => {
    const where = `${describeObject(workload)} volumeClaimTemplate "${claim.metadata?.name}" resources`;
    return [...amounts(where, 'requests', claim.spec?.resources?.requests).problems, ...amounts(where, 'limits', claim.spec?.resources?.limits).problems];
  });
  return [...claims, ...allContainersOf(workload).flatMap((container) => {
    const where = `${describeObject(workload)} container "${container.name}" resources`;
    const requests = amounts(where, 'requests', container.resources?.requests);
    const limits = amounts(where, 'limits', container.resources?.limits);
    const problems = [...requests.problems, ...limits.problems];
    for (const [resource, request] of requests.values) {
      const limit = limits.values.get(resource);
      if (limit !== undefined && request > limit) {
        problems.push({
          setting: `${where}.requests.${resource}`,
          rule: `must not exceed resources.limits.${resource} (${JSON.stringify(container.resources.limits[resource])}): Kubernetes refuses a request above its limit`,
          found: container.resources.requests[resource],
          fix: 'lower the request or raise the limit with the resources prop, and remove any patch of either',
        });
      }
    }
    return problems;
  })];
}

function amounts(where: string, field: string, values: unknown): { values: Map<string, number>; problems: Problem[] } {
  const parsed = new Map<string, number>();
  const problems: Problem[] = [];
  const entries = typeof values === 'object' && values !== null ? Object.entries(values) : [];
  for (const [resource, value] of entries) {
    const amount = parseQuantity(value);
    if (amount === undefined || amount < 0) {
      problems.push({
        setting: `${where}.${field}.${resource}`,
        rule: 'must be a non-negative Kubernetes quantity such as "500m", "2" or "1Gi"',
        found: value,
        fix: 'set it with the resources prop, or patch a valid amount such as "512Mi"',
      });
    } else {
      parsed.set(resource, amount);
    }
  }
  return { values: parsed, problems };
}
