import { guardFactories } from './factory-arguments';
import { checkCidr } from './ip-address';
import { checkAnnotationKeys, checkNodePort, checkPort } from './kubernetes-formats';
import { Problem } from './problems';

/** Options every kind of client Service takes. */
export interface ServiceExposureOptions {
  /**
   * Annotations of the Service, e.g. for a cloud load balancer.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Options of a Service reachable on every node's IP. */
export interface NodePortExposureOptions extends ServiceExposureOptions {
  /**
   * The port on every node (in the cluster's node-port range, usually 30000–32767).
   * @default - assigned by Kubernetes
   */
  readonly nodePort?: number;
}

/** Options of a Service behind a cloud load balancer. */
export interface LoadBalancerExposureOptions extends NodePortExposureOptions {
  /**
   * Source CIDRs the load balancer admits.
   * @default - any source
   */
  readonly sourceRanges?: string[];
}

/** A client Service as the constructs render it. */
export interface RenderedExposure {
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly annotations?: { [key: string]: string };
  readonly nodePort?: number;
  readonly loadBalancerSourceRanges?: string[];
}

/**
 * How a cluster's client-facing Service is reached: inside the cluster only, on every node, or
 * through a cloud load balancer. Each kind takes only the options that apply to it.
 */
export class ServiceExposure {
  /**
   * A ClusterIP Service: reachable inside the cluster only.
   * @param options annotations of the Service
   */
  public static clusterIp(options: ServiceExposureOptions = {}): ServiceExposure {
    return new ServiceExposure({ type: 'ClusterIP', annotations: options.annotations });
  }

  /**
   * A NodePort Service: also reachable on a port of every node.
   * @param options the node port and annotations
   */
  public static nodePort(options: NodePortExposureOptions = {}): ServiceExposure {
    return new ServiceExposure({ type: 'NodePort', annotations: options.annotations, nodePort: options.nodePort });
  }

  /**
   * A LoadBalancer Service: reachable through the cloud's load balancer.
   * @param options source ranges, the node port and annotations (e.g. the load balancer's type)
   */
  public static loadBalancer(options: LoadBalancerExposureOptions = {}): ServiceExposure {
    return new ServiceExposure({
      type: 'LoadBalancer',
      annotations: options.annotations,
      nodePort: options.nodePort,
      loadBalancerSourceRanges: options.sourceRanges === undefined ? undefined : [...options.sourceRanges],
    });
  }

  private constructor(private readonly exposure: RenderedExposure) {}

  /** @internal The Service fields this exposure sets. */
  public _render(): RenderedExposure {
    return this.exposure;
  }

  /** @internal Problems with the options, under `setting`. */
  public _check(setting: string): Problem[] {
    return [
      ...checkAnnotationKeys(`${setting}.annotations`, this.exposure.annotations ?? {}),
      this.exposure.nodePort === undefined ? undefined : checkPort(`${setting}.nodePort`, this.exposure.nodePort) ?? checkNodePort(`${setting}.nodePort`, this.exposure.nodePort),
      ...(this.exposure.loadBalancerSourceRanges ?? []).flatMap((range, index) => checkCidr(`${setting}.sourceRanges[${index}]`, range)),
    ].filter((p): p is Problem => p !== undefined);
  }
}
guardFactories(ServiceExposure);
