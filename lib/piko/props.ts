import { Duration, Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { PikoAuth } from './auth';
import { PikoHeaderFilter } from './header-filter';
import { PikoTls } from './listener-tls';
import { ClusterPodOptions } from '../common/cluster-pod-options';
import { DisruptionBudget } from '../common/disruption-budget';
import { LogLevel } from '../common/log-level';
import { NetworkPeer } from '../common/network-policy';
import { ServiceExposure } from '../common/service-exposure';

/**
 * Piko's four listeners. Each port is set here only, and the construct renders it into the
 * config's bind and advertise addresses, the container ports, the Services and the probes.
 */
export interface PikoPorts {
  /**
   * Proxy port: downstream clients, and other nodes forwarding requests.
   * @default 8000
   */
  readonly proxy?: number;
  /**
   * Upstream port: `piko agent` and SDK upstreams connect here over WebSocket.
   * @default 8001
   */
  readonly upstream?: number;
  /**
   * Admin port: health, readiness, metrics, status. Never exposed outside the cluster.
   * @default 8002
   */
  readonly admin?: number;
  /**
   * Gossip port, on TCP and UDP.
   * @default 8003
   */
  readonly gossip?: number;
}

/** Which address a node tells its peers to reach it on. */
export enum PikoAdvertiseAddress {
  /** The pod IP from the downward API (`${POD_IP}:<port>`), for IPv4 pods. */
  POD_IP = 'POD_IP',
  /** The pod IP in brackets (`[${POD_IP}]:<port>`), for IPv6 pods. */
  POD_IP_V6 = 'POD_IP_V6',
  /** Piko's own inference: the first private IPv4 address of the pod (it panics without one). */
  INFERRED = 'INFERRED',
}

/** The proxy's access log (`proxy.access_log`). */
export interface PikoAccessLogOptions {
  /**
   * Level of access-log entries.
   * @default LogLevel.INFO
   */
  readonly level?: LogLevel;
  /**
   * Turn the access log off.
   * @default false
   */
  readonly disable?: boolean;
  /**
   * Which request headers to log.
   * @default - all
   */
  readonly requestHeaders?: PikoHeaderFilter;
  /**
   * Which response headers to log.
   * @default - all
   */
  readonly responseHeaders?: PikoHeaderFilter;
}

/**
 * The proxy port's HTTP server (`proxy.http`), Go's `http.Server` timeouts. The write timeout
 * cuts any response still being written when it runs out, so it bounds slow upstreams as well
 * as `timeout` does, and the shorter of the two wins.
 */
export interface PikoProxyHttpOptions {
  /**
   * Longest time to read a whole request, body included. `Duration.seconds(0)` turns it off.
   * @default - Piko's default, 10s
   */
  readonly readTimeout?: Duration;
  /**
   * Longest time from reading a request to the end of writing its response: a slower response
   * is cut off, however long `timeout` is. `Duration.seconds(0)` turns it off.
   * @default - Piko's default, 10s
   */
  readonly writeTimeout?: Duration;
}

/** The proxy listener. */
export interface PikoProxyOptions {
  /**
   * Timeout for forwarding a request to the upstream; WebSocket upgrades are exempt.
   * `Duration.seconds(0)` turns it off.
   * @default - Piko's default, 30s
   */
  readonly timeout?: Duration;
  /**
   * Timeouts of the proxy port's HTTP server. Keep `writeTimeout` at least as long as `timeout`,
   * or the write timeout cuts responses first (the synth warns).
   * @default - Piko's defaults, 10s each
   */
  readonly http?: PikoProxyHttpOptions;
  /**
   * Access log.
   * @default - Piko's default: info level, all headers
   */
  readonly accessLog?: PikoAccessLogOptions;
  /**
   * Require a JWT from proxy clients.
   * @default - no authentication
   */
  readonly auth?: PikoAuth;
  /**
   * Serve TLS on the proxy port.
   * @default - plain HTTP
   */
  readonly tls?: PikoTls;
  /**
   * The client-facing Service `<name>-proxy`.
   * @default ServiceExposure.clusterIp()
   */
  readonly service?: ServiceExposure;
}

/** Moving upstream connections off busy nodes (`upstream.rebalance`), useful after scale-out. */
export interface PikoRebalanceOptions {
  /**
   * Rebalance when a node holds this fraction more connections than the cluster average
   * (0.2 = 20% above). 0 turns rebalancing off.
   * @default - Piko's default, 0 (off)
   */
  readonly threshold?: number;
  /**
   * Fraction (0 to 1) of the cluster-average connection count to shed per second.
   * @default - Piko's default, 0.005
   */
  readonly shedRate?: number;
  /**
   * Do not rebalance a node with fewer local connections than this.
   * @default - Piko's default, 50
   */
  readonly minConns?: number;
}

/** The upstream listener. Upstreams hold long-lived WebSockets here. */
export interface PikoUpstreamOptions {
  /**
   * Require a JWT from upstreams.
   * @default - no authentication
   */
  readonly auth?: PikoAuth;
  /**
   * Serve TLS on the upstream port.
   * @default - plain HTTP
   */
  readonly tls?: PikoTls;
  /**
   * Connection rebalancing.
   * @default - off
   */
  readonly rebalance?: PikoRebalanceOptions;
  /**
   * The client-facing Service `<name>-upstream`.
   * @default ServiceExposure.clusterIp()
   */
  readonly service?: ServiceExposure;
}

/** The admin listener. */
export interface PikoAdminOptions {
  /**
   * Require a JWT on every admin route, `/health`, `/ready` and `/metrics` included. The probes
   * then switch to TCP checks of the admin port.
   * @default - no authentication
   */
  readonly auth?: PikoAuth;
  /**
   * Serve TLS on the admin port. The probes then use HTTPS.
   * @default - plain HTTP
   */
  readonly tls?: PikoTls;
}

/** Joining the cluster at start. */
export interface PikoJoinOptions {
  /**
   * How long a node keeps retrying to join after it became ready.
   * @default - Piko's default, 1m
   */
  readonly timeout?: Duration;
  /**
   * Exit when the join retries run out, so Kubernetes restarts the node.
   * @default - Piko's default, true
   */
  readonly abortIfJoinFails?: boolean;
}

/** The gossip protocol between nodes. */
export interface PikoGossipOptions {
  /**
   * How often a node gossips with a peer.
   * @default - Piko's default, 100ms
   */
  readonly interval?: Duration;
  /**
   * Largest UDP gossip packet, in bytes.
   * @default - Piko's default, 1400
   */
  readonly maxPacketSize?: number;
}

/** The optional NetworkPolicy in front of Piko's pods. Gossip is always limited to Piko's pods. */
export interface PikoNetworkPolicyOptions {
  /**
   * Who may reach the proxy port. Piko's own pods always may (they forward requests).
   * @default - any source
   */
  readonly proxyFrom?: NetworkPeer[];
  /**
   * Who may reach the upstream port.
   * @default - any source
   */
  readonly upstreamFrom?: NetworkPeer[];
  /**
   * Who besides Piko's own pods may reach the admin port, e.g. Prometheus.
   * @default - only Piko's pods
   */
  readonly adminFrom?: NetworkPeer[];
}

/**
 * A HorizontalPodAutoscaler (`autoscaling/v2`) that sets the node count from the pods' resource
 * use. Piko's nodes are stateless proxies, so any count in the range works; the synth holds the
 * count-dependent rules (disruption budget, node IDs, TLS forwarding) at every count in it.
 */
export interface PikoAutoscalingOptions {
  /**
   * Fewest nodes. The StatefulSet starts at one pod and the autoscaler raises it to this count.
   * @default 2 - a drain or a crash still leaves a node serving
   */
  readonly minReplicas?: number;
  /** Most nodes, at least `minReplicas`. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the pods' CPU requests (all containers' requests
   * summed). Use stops at the limit and the autoscaler scales up only above 110% of the target,
   * so with requests equal to limits (the default resources) keep it at 90 or below.
   * @default - 80 when `memoryUtilization` is unset, else no CPU target
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the pods' memory requests. With both targets the
   * autoscaler follows whichever asks for more nodes.
   * @default - no memory target
   */
  readonly memoryUtilization?: number;
  /**
   * How long the autoscaler waits for a lower recommendation to hold before it removes nodes
   * (`behavior.scaleDown.stabilizationWindowSeconds`), 0 to 1 hour in whole seconds. A removed
   * node's upstreams reconnect to the others, so flapping costs reconnections.
   * @default - Kubernetes' default, 5 minutes
   */
  readonly scaleDownStabilization?: Duration;
}

/** Props of {@link PikoCluster}. */
export interface PikoClusterProps extends ClusterPodOptions {
  /**
   * Base name of every object, as the Helm chart's full name: the StatefulSet, ConfigMap,
   * ServiceAccount and headless Service are `<name>`, the client Services `<name>-proxy` and
   * `<name>-upstream`.
   * @default "piko"
   */
  readonly name?: string;
  /**
   * The `app.kubernetes.io/instance` selector label. When moving from the Helm chart, set it to
   * the release name so the existing StatefulSet's selector matches.
   * @default - the name
   */
  readonly instance?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace, else "piko"
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
   * Number of nodes. Piko has no quorum: any count from 1 works. Leave it unset with
   * `autoscaling`, which sets the count instead.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Let a HorizontalPodAutoscaler set the node count within a range. The StatefulSet then has no
   * `spec.replicas`, so re-applying the manifests never resets the autoscaler's count.
   * @default - a fixed count, `replicas`
   */
  readonly autoscaling?: PikoAutoscalingOptions;
  /**
   * Container image, pinned to a tag or digest.
   * @default PikoCluster.DEFAULT_IMAGE
   */
  readonly image?: string;
  /**
   * CPU and memory of each node. Replaces the default as a whole.
   * @default - 250m CPU, 1Gi memory and 1Gi ephemeral storage, requests equal to limits (the docs' values)
   */
  readonly resources?: ContainerResources;
  /**
   * The four listener ports.
   * @default - proxy 8000, upstream 8001, admin 8002, gossip 8003
   */
  readonly ports?: PikoPorts;
  /**
   * The address nodes advertise to each other.
   * @default PikoAdvertiseAddress.POD_IP
   */
  readonly advertiseAddress?: PikoAdvertiseAddress;
  /**
   * Joining the cluster at start.
   * @default - Piko's defaults
   */
  readonly join?: PikoJoinOptions;
  /**
   * Gossip tuning.
   * @default - Piko's defaults
   */
  readonly gossip?: PikoGossipOptions;
  /**
   * The proxy listener.
   * @default - no auth, no TLS, a ClusterIP Service
   */
  readonly proxy?: PikoProxyOptions;
  /**
   * The upstream listener.
   * @default - no auth, no TLS, no rebalancing, a ClusterIP Service
   */
  readonly upstream?: PikoUpstreamOptions;
  /**
   * The admin listener.
   * @default - no auth, no TLS
   */
  readonly admin?: PikoAdminOptions;
  /**
   * How much unread data a stream from an agent may have in flight to a node
   * (`stream.max_window_size`): a larger window lets an upstream's responses arrive faster over a
   * slow or distant link, at the cost of node memory per stream. At least 256 KiB, below 4 GiB.
   * @default - Piko's default, 256 KiB
   */
  readonly streamWindowSize?: Size;
  /**
   * How long a stopping node may take to drain (`grace_period`).
   * @default Duration.minutes(1)
   */
  readonly gracePeriod?: Duration;
  /**
   * Time Kubernetes gives a stopping pod before SIGKILL, counted from the start of the preStop
   * pause; must be at least `gracePeriod` + `preStopPause` + 10s, or a slow shutdown is killed
   * before the node leaves the cluster and lingers as a ghost.
   * @default - gracePeriod + preStopPause + 10s (75s for the defaults)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Log level (`log.level`).
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Subsystems logged at every level (`log.subsystems`), e.g. `gossip`, `proxy.access`.
   * @default - none
   */
  readonly logSubsystems?: string[];
  /**
   * The PodDisruptionBudget. By default maxUnavailable 1: a drain stops one node at a time, and
   * its connections move to the others.
   * @default DisruptionBudget.serverDefault()
   */
  readonly disruptionBudget?: DisruptionBudget;
  /**
   * Render a NetworkPolicy: gossip only between Piko's pods, the other ports as configured.
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: PikoNetworkPolicyOptions;
  /**
   * Mount a service-account token. Piko never calls the Kubernetes API.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Add a checksum of the rendered server.yaml to the pods, so changing the config rolls them.
   * @default true
   */
  readonly rolloutOnConfigChange?: boolean;
  /**
   * Raw keys deep-merged into server.yaml over the rendered ones, for settings not typed here.
   * Piko refuses unknown keys at start, and so does the synth. Keys the rendered file lacks follow
   * its own, sorted, so the file does not depend on the order of a map's keys. The synth checks
   * apply to the result.
   * @default - none
   */
  readonly config?: { [key: string]: any };
}
