import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HardeningIntent, hardeningWarnings } from './hardening-warnings';
import { checkKubernetesValidity, ClusterParts } from './kubernetes-validity';
import { Manifest } from './manifest-view';
import { checkSharedNodePorts, exposedServicesOf, registerServices } from './node-port-ledger';
import { claimObjects } from './object-ownership';
import { checkPatchedTypes } from './patched-types';
import { addSynthChecks, CheckResult, Problem } from './problems';
import { renderedForm, renderProblem } from './rendered-form';

/**
 * The final form of each object, read once per check run (`toJson()` serialises the whole
 * object). A JSON patch whose path does not exist in the manifest makes cdk8s throw while
 * applying it; such an object is a problem of its own, and the checks that would read it do not
 * run.
 */
export class FinalObjects {
  /** One problem per object cdk8s cannot render. */
  public readonly renderProblems: Problem[] = [];
  private readonly forms = new Map<ApiObject, Manifest>();

  constructor(objects: readonly ApiObject[]) {
    for (const object of objects) {
      const form = renderedForm(object);
      if ('error' in form) {
        this.renderProblems.push(renderProblem(object, form.error));
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

/** A cluster's objects, for its checks. */
export interface ClusterObjects extends ClusterParts<ApiObject> {
  /** The Services its props expose on node ports (NodePort or LoadBalancer). */
  readonly exposedServices: readonly ApiObject[];
}

/**
 * Registers a cluster's synth checks: the app-wide ones (objects rendered twice, shared node
 * ports), the Kubernetes validity rules and hardening warnings every cluster shares, and the
 * construct's own `check`.
 */
export function addClusterSynthChecks(
  owner: Construct, kind: string, cluster: ClusterObjects, hardening: HardeningIntent, check: (final: FinalObjects) => CheckResult,
): void {
  const duplicates = claimObjects(owner, cluster.objects);
  registerServices(owner, cluster.exposedServices);
  const exposed = exposedServicesOf(owner);
  addSynthChecks(owner, kind, { objects: () => [...cluster.objects, ...exposed] }, () => {
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
      problems: [
        ...duplicates, ...own.problems, ...validity, ...checkSharedNodePorts(owner, cluster.services, (service) => final.of(service)),
        ...cluster.objects.flatMap((object) => checkPatchedTypes(object, final.of(object))),
      ],
      warnings: [...own.warnings, ...hardeningWarnings(final.of(cluster.statefulSet), hardening)],
    };
  });
}
