import { Duration } from 'cdk8s';
import { ImagePullPolicy, PodManagementPolicy, StatefulSetUpdateStrategy } from 'cdk8s-plus-28';
import { PodOptions } from './pod-options';
import { checkPreStopPause, DEFAULT_PRE_STOP_PAUSE } from './pre-stop';
import { checkProbeOptions, ProbeOptions } from './probe-timing';
import { Problem } from './problems';

/** Pod settings both cluster constructs take, with the same meaning. */
export interface ClusterPodOptions extends PodOptions {
  /**
   * When the kubelet pulls the image. The default suits an image pinned to a released tag.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * DNS domain of the Kubernetes cluster, in the names peers use to find each other (Pika's
   * `cluster.dns_addr`, Piko's `cluster.join`).
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * How the StatefulSet replaces pods when their template changes.
   * `StatefulSetUpdateStrategy.onDelete()` lets operators roll one pod at a time (for Pika
   * members unlocked by hand); `rollingUpdate({ partition })` stages a rollout.
   * @default StatefulSetUpdateStrategy.rollingUpdate()
   */
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  /**
   * How the StatefulSet starts and stops pods. Kubernetes does not change it on an existing
   * StatefulSet: switching means deleting the StatefulSet with `--cascade=orphan` and applying again.
   * @default PodManagementPolicy.ORDERED_READY - upstream's choice for both servers
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * Timing of the readiness and liveness probes, and an opt-in startup probe on the liveness
   * probe's endpoint. The endpoints themselves follow the server's settings (port, TLS, auth).
   * @default - the server's timings, no startup probe
   */
  readonly probes?: ProbeOptions;
  /**
   * How long a stopping pod waits (a preStop `sleep`) before the server gets SIGTERM, so
   * Services, Ingresses and Gateways stop routing to it first; neither server waits for that
   * itself. Whole seconds; `Duration.seconds(0)` renders no hook. It counts against
   * `terminationGracePeriod`, which must cover it and the server's shutdown. The hook runs
   * `/bin/sleep`, which the default images (Alpine) have; with an image without it the hook
   * fails at once and the server stops as without a pause.
   * @default Duration.seconds(5)
   */
  readonly preStopPause?: Duration;
}

/** The settings of a server's own container that both clusters share, with defaults applied. */
export interface ServerContainerSettings {
  readonly probes: ProbeOptions;
  readonly preStopPause: Duration;
}

export function resolveServerContainer(props: ClusterPodOptions): ServerContainerSettings {
  return { probes: props.probes ?? {}, preStopPause: props.preStopPause ?? DEFAULT_PRE_STOP_PAUSE };
}

export function checkServerContainer(settings: ServerContainerSettings): Problem[] {
  return [...checkProbeOptions(settings.probes), ...checkPreStopPause(settings.preStopPause)];
}
