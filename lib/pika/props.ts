import { Duration, Size } from 'cdk8s';
import { ContainerResources, PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { PikaEncryption } from './encryption';
import { PikaSecurityKey } from './security-key';
import { PikaServerTls } from './server-tls';
import { ClaimRetention } from '../common/claim-template';
import { ClusterPodOptions } from '../common/cluster-pod-options';
import { DisruptionBudget } from '../common/disruption-budget';
import { LogLevel } from '../common/log-level';
import { NetworkPeer } from '../common/network-policy';
import { ServiceExposure } from '../common/service-exposure';

/** The per-member data volume (one PersistentVolumeClaim per pod, from a claim template). */
export interface PikaStorageOptions {
  /**
   * Size of each member's volume.
   * @default Size.gibibytes(1)
   */
  readonly size?: Size;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes of the claims. Each member always gets its own volume: Pika replicates at the
   * application level and pods must never share storage.
   * @default [ReadWriteOnce]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];
  /**
   * What happens to the claims when the StatefulSet is deleted
   * (`persistentVolumeClaimRetentionPolicy.whenDeleted`).
   * @default ClaimRetention.RETAIN
   */
  readonly whenDeleted?: ClaimRetention;
  /**
   * What happens to the claims of removed members when the StatefulSet is scaled down
   * (`persistentVolumeClaimRetentionPolicy.whenScaled`).
   * @default ClaimRetention.RETAIN
   */
  readonly whenScaled?: ClaimRetention;
}

/** Pika's HTTP listener: UI, `/api/v1`, `/data` and `/healthz`. */
export interface PikaServerOptions {
  /**
   * Port of the HTTP listener (`server.port`), of the container port `http` and of the Service.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Path prefix Pika serves under (`server.base_path`), for a Gateway that forwards `/pika/...`
   * without stripping it. Leave unset when the Gateway strips the prefix.
   * @default - served at the root
   */
  readonly basePath?: string;
  /**
   * TLS on the listener itself.
   * @default PikaServerTls.disabled() - TLS ends at the Gateway or Ingress
   */
  readonly tls?: PikaServerTls;
  /**
   * The client Service `<name>`: inside the cluster only, on every node, or behind a cloud load
   * balancer.
   * @default ServiceExposure.clusterIp()
   */
  readonly service?: ServiceExposure;
}

/**
 * Peer-to-peer clustering (`cluster.*`). Peers find each other through the headless Service and
 * talk QUIC over UDP. Durations left unset keep Pika's built-in defaults.
 */
export interface PikaClusteringOptions {
  /**
   * UDP port of the peer protocol (`cluster.port`). All peers use the same port.
   * @default 5000
   */
  readonly port?: number;
  /**
   * How often peers re-resolve the headless Service (`cluster.refresh_interval`).
   * @default - Pika's default, 30s
   */
  readonly refreshInterval?: Duration;
  /**
   * QUIC keep-alive period (`cluster.heartbeat_interval`).
   * @default - Pika's default, 5s
   */
  readonly heartbeatInterval?: Duration;
  /**
   * QUIC idle timeout after which a peer counts as gone (`cluster.heartbeat_timeout`).
   * @default - Pika's default, 15s
   */
  readonly heartbeatTimeout?: Duration;
  /**
   * How often followers pull from the leader as a safety net (`cluster.sync_interval`).
   * @default - Pika's default, 5m
   */
  readonly syncInterval?: Duration;
  /**
   * How long a follower waits for the leader on a forwarded write (`cluster.forward_timeout`).
   * @default - Pika's default, 30s
   */
  readonly forwardTimeout?: Duration;
  /**
   * Name of the leader-election lock (`cluster.lock_key`).
   * @default - Pika's default, "pika-leader"
   */
  readonly lockKey?: string;
}

/**
 * An extra TCP listener created at runtime under Pika's Settings → Endpoints (for example
 * upstream's `public` port 9090). Declaring it adds the container port and the Service port.
 */
export interface PikaEndpoint {
  /** Port name (an IANA service name, at most 15 characters), e.g. `public`. */
  readonly name: string;
  /** The `listen_port` configured for the endpoint in Pika. */
  readonly port: number;
}

/** OpenTelemetry export of Pika's metrics and traces. */
export interface PikaTelemetryOptions {
  /**
   * OTLP gRPC collector as `host:port` (env `PIKA_TELEMETRY_COLLECTOR`).
   * @example "otel-collector.observability.svc:4317"
   */
  readonly collector: string;
  /**
   * Service name on exported telemetry (env `OTEL_SERVICE_NAME`).
   * @default - the cluster's name
   */
  readonly serviceName?: string;
}

/** The optional NetworkPolicy in front of Pika's pods. */
export interface PikaNetworkPolicyOptions {
  /**
   * Who may reach the HTTP port and declared endpoints. Pika's own pods always may.
   * @default - any source
   */
  readonly httpFrom?: NetworkPeer[];
}

/** Props of {@link PikaCluster}. */
export interface PikaClusterProps extends ClusterPodOptions {
  /**
   * Base name of every object. The StatefulSet, ConfigMap, ServiceAccount and client Service are
   * called `<name>`; the headless Service and the key Secret `<name>-cluster`.
   * @default "pika"
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace, else "pika"
   */
  readonly namespace?: string;
  /**
   * Render the Namespace object, labelled to enforce Pod Security's `restricted` profile. One
   * Namespace is rendered per namespace and app, however many clusters live there, and none for
   * `default`, `kube-system`, `kube-public` and `kube-node-lease`. Set false when you own the
   * Namespace.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Number of members. Quorum is a majority, so odd counts are best: 3 survives one lost member,
   * 5 survives two.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Container image, pinned to a tag or digest.
   * @default PikaCluster.DEFAULT_IMAGE
   */
  readonly image?: string;
  /**
   * CPU and memory of each member. Replaces the default as a whole.
   * @default - requests 250m CPU and 512Mi memory, limits 1 CPU and 1Gi memory (upstream's values)
   */
  readonly resources?: ContainerResources;
  /**
   * Per-member data volume.
   * @default - 1Gi ReadWriteOnce claims of the default StorageClass, retained on delete and scale-down
   */
  readonly storage?: PikaStorageOptions;
  /**
   * HTTP listener.
   * @default - port 8080 at the root, plain HTTP
   */
  readonly server?: PikaServerOptions;
  /**
   * Peer-to-peer clustering: pika.yaml's `cluster` block.
   * @default - port 5000, Pika's default timings
   */
  readonly clustering?: PikaClusteringOptions;
  /**
   * The pre-shared key peers need to join.
   * @default PikaSecurityKey.fromSecret('<name>-cluster', 'security_key') - a Secret you create
   */
  readonly securityKey?: PikaSecurityKey;
  /**
   * Extra runtime listeners to expose on the container and the client Service.
   * @default - none
   */
  readonly endpoints?: PikaEndpoint[];
  /**
   * OpenTelemetry export.
   * @default - no export
   */
  readonly telemetry?: PikaTelemetryOptions;
  /**
   * How members unlock at-rest encryption after a restart.
   * @default PikaEncryption.manualUnlock() - an operator unlocks; no readiness gate
   */
  readonly encryption?: PikaEncryption;
  /**
   * Log level (`log_level`).
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * The PodDisruptionBudget. By default minAvailable = quorum (floor(replicas/2)+1), so a node
   * drain never takes the cluster below quorum; with one or two members, where no eviction keeps
   * a quorum, it allows one eviction instead (and the synth warns), so drains do not hang. A
   * budget of your own must still keep a quorum and allow an eviction.
   * @default DisruptionBudget.serverDefault()
   */
  readonly disruptionBudget?: DisruptionBudget;
  /**
   * Render a NetworkPolicy: the peer port only from Pika's own pods, the HTTP port from `httpFrom`.
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: PikaNetworkPolicyOptions;
  /**
   * Time a stopping member gets to drain forwarded requests and leave the cluster, counted from
   * the start of the preStop pause. At least `preStopPause` + 20s.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Mount a service-account token. Only needed when Pika reads Kubernetes Secrets or ConfigMaps
   * as an external source (with RBAC you add).
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Add a checksum of the rendered pika.yaml to the pods, so changing the config rolls them.
   * @default true
   */
  readonly rolloutOnConfigChange?: boolean;
  /**
   * Raw keys deep-merged into pika.yaml over the rendered ones, for settings not typed here.
   * Maps merge key by key; other values replace. Keys the rendered file lacks follow its own,
   * sorted, so the file does not depend on the order of a map's keys. The synth checks still
   * apply to the result.
   * @default - none
   */
  readonly config?: { [key: string]: any };
}
