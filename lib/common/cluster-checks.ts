import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HardeningIntent, hardeningWarnings } from './hardening-warnings';
import { checkKubernetesValidity, ClusterParts } from './kubernetes-validity';
import { Manifest } from './manifest-view';
import { checkSharedNodePorts, registerServices } from './node-port-ledger';
import { claimObjects } from './object-ownership';
import { addSynthChecks, CheckResult } from './problems';

/** The final form of each object, read once per check run (`toJson()` serialises the whole object). */
export class FinalObjects {
  private readonly forms: Map<ApiObject, Manifest>;

  constructor(objects: readonly ApiObject[]) {
    this.forms = new Map(objects.map((object) => [object, object.toJson()]));
  }

  public of(object: ApiObject): Manifest;
  public of(object: ApiObject | undefined): Manifest | undefined;
  public of(object: ApiObject | undefined): Manifest | undefined {
    return object === undefined ? undefined : this.forms.get(object) ?? object.toJson();
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
