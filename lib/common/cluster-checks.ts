import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HardeningIntent, hardeningWarnings } from './hardening-warnings';
import { checkKubernetesValidity, ClusterParts } from './kubernetes-validity';
import { Manifest } from './manifest-view';
import { checkSharedNodePorts, registerServices } from './node-port-ledger';
import { claimObjects } from './object-ownership';
import { addSynthChecks, CheckResult, Problem } from './problems';
import { renderedForm } from './rendered-form';

/**
 * The final form of each object, read once per check run (`toJson()` serialises the whole
 * object). cdk8s runs a patched object through its converters, which throw a TypeError on a
 * value of the wrong shape (a list patched to `false`, metadata to `null`); such an object is a
 * problem of its own, and the checks that would read it do not run.
 */
export class FinalObjects {
  /** One problem per object cdk8s cannot render. */
  public readonly renderProblems: Problem[] = [];
  private readonly forms = new Map<ApiObject, Manifest>();

  constructor(objects: readonly ApiObject[]) {
    for (const object of objects) {
      const form = renderedForm(object);
      if ('error' in form) {
        this.renderProblems.push({
          setting: `${object.kind} "${object.name}"`,
          rule: 'must still render after its JSON patches: cdk8s\'s converters refuse a value of the wrong shape',
          found: form.error,
          fix: 'patch with cdk8s\'s property names and value types: a list stays a list and an object an object (e.g. /metadata stays an object)',
        });
      } else {
        this.forms.set(object, form.manifest);
      }
    }
  }

  public of(object: ApiObject): Manifest;
  public of(object: ApiObject | undefined): Manifest | undefined;
  public of(object: ApiObject | undefined): Manifest | undefined {
    return object === undefined ? undefined : this.forms.get(object) ?? {};
  }
}

/**
 * Registers a cluster's synth checks: the app-wide ones (objects rendered twice, shared node
 * ports), the Kubernetes validity rules and hardening warnings every cluster shares, and the
 * construct's own `check`.
 */
export function addClusterSynthChecks(
  owner: Construct, kind: string, cluster: ClusterParts<ApiObject>, hardening: HardeningIntent, check: (final: FinalObjects) => CheckResult,
): void {
  const duplicates = claimObjects(owner, cluster.objects);
  registerServices(owner, cluster.services);
  addSynthChecks(owner, kind, cluster.objects, () => {
    const final = new FinalObjects(cluster.objects);
    if (final.renderProblems.length > 0) {
      return { problems: [...duplicates, ...final.renderProblems], warnings: [] };
    }
    const own = check(final);
    const validity = checkKubernetesValidity({
      namespace: cluster.namespace,
      objects: cluster.objects.map((object) => final.of(object)),
      statefulSet: final.of(cluster.statefulSet),
      services: cluster.services.map((service) => final.of(service)),
      disruptionBudget: final.of(cluster.disruptionBudget),
    });
    return {
      problems: [...duplicates, ...own.problems, ...validity, ...checkSharedNodePorts(owner, cluster.services)],
      warnings: [...own.warnings, ...hardeningWarnings(final.of(cluster.statefulSet), hardening)],
    };
  });
}
