import { ApiObject } from 'cdk8s';
import { Workload } from 'cdk8s-plus-28';
import { guardFactories } from '../../common/factory-arguments';

/** A host workload after binding: one of the two forms. */
export interface BoundHost {
  /** A cdk8s-plus workload, which takes the container through its own API. */
  readonly workload?: Workload;
  /** An L1 object with a pod template, which takes the container through JSON patches. */
  readonly kubeObject?: ApiObject;
}

/**
 * The workload a {@link PikoAgentSidecar} adds the agent container to. A class rather than two
 * props, so exactly one form is given.
 */
export class PikoSidecarHost {
  /**
   * A cdk8s-plus-28 workload (`Deployment`, `StatefulSet`, `DaemonSet`; not a `Job`, whose pod
   * would never complete beside the agent). The agent joins its containers through
   * `addContainer`, so `workload.containers` lists it.
   * @param workload the workload
   */
  public static workload(workload: Workload): PikoSidecarHost {
    return new PikoSidecarHost({ workload });
  }

  /**
   * An L1 object with a pod template at `spec.template` (`k8s.KubeDeployment`,
   * `KubeStatefulSet`, `KubeDaemonSet`, `KubeReplicaSet`; not a `KubeJob`). The container and
   * volumes are added by JSON patches; the synth checks that they reach the output.
   * @param workload the L1 workload
   */
  public static kubeWorkload(workload: ApiObject): PikoSidecarHost {
    return new PikoSidecarHost({ kubeObject: workload });
  }

  private constructor(private readonly host: BoundHost) {}

  /** @internal */
  public _bind(): BoundHost {
    return this.host;
  }
}
guardFactories(PikoSidecarHost);
