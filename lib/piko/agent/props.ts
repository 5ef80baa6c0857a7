import { Duration, Size } from 'cdk8s';
import { ContainerResources, EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import { PikoClientCertificate } from './client-certificate';
import { PikoServerTrust } from './server-trust';
import { PikoSidecarHost } from './sidecar-host';
import { PikoAgentTarget } from './target';
import { PikoAgentToken } from './token';
import { DisruptionBudget } from '../../common/disruption-budget';
import { LogLevel } from '../../common/log-level';
import { PodOptions } from '../../common/pod-options';
import { PikoAccessLogOptions } from '../props';

/** What an agent listener forwards: HTTP requests, which it parses and logs, or raw TCP. */
export enum PikoAgentProtocol {
  /** HTTP requests, forwarded with an HTTP client (Piko's default). */
  HTTP = 'http',
  /** Raw TCP connections. */
  TCP = 'tcp',
}

/**
 * How a listener reaches its service over HTTPS: the agent forwards to `https://<host>:<port>`
 * and verifies the service's certificate for that host name (a sidecar's default host,
 * `localhost`, too: the certificate must name it).
 */
export interface PikoAgentListenerTls {
  /**
   * The CA that signed the service's certificate (the listener's `tls.root_cas`).
   * @default - the image's root CAs
   */
  readonly trust?: PikoServerTrust;
  /**
   * A certificate the agent presents to the service, for a service that asks for one (mutual
   * TLS; the listener's `tls.cert` and `tls.key`).
   * @default - no client certificate
   */
  readonly clientCertificate?: PikoClientCertificate;
}

/** One endpoint the agent registers with Piko, and the local service it forwards to. */
export interface PikoAgentListener {
  /**
   * The endpoint ID to register. Proxy clients reach it with `x-piko-endpoint: <id>` or a host
   * name whose first label is the ID, so a DNS label (`my-app`) works both ways.
   */
  readonly endpointId: string;
  /** Port of the service the agent forwards to. */
  readonly port: number;
  /**
   * Host of the service. A sidecar shares its pod's network, so `localhost` reaches the host
   * workload; a PikoAgent's own pods reach a service by its DNS name (`my-app.apps.svc`), and
   * the synth refuses `localhost` there while the pod holds no container but the agent.
   * @default "localhost"
   */
  readonly host?: string;
  /**
   * What is forwarded.
   * @default PikoAgentProtocol.HTTP
   */
  readonly protocol?: PikoAgentProtocol;
  /**
   * Reach the service over HTTPS. HTTP listeners only: Piko forwards a TCP listener's
   * connections as they are.
   * @default - plain HTTP
   */
  readonly tls?: PikoAgentListenerTls;
  /**
   * Timeout of forwarding a request (or opening a connection) to the service. Piko has no default
   * and refuses to start without one.
   */
  readonly timeout: Duration;
  /**
   * The listener's access log.
   * @default - Piko's default: info level, all headers
   */
  readonly accessLog?: PikoAccessLogOptions;
}

/** What every agent has, run as its own Deployment (PikoAgent) or as a sidecar (PikoAgentSidecar). */
export interface PikoAgentOptions {
  /** The Piko server to connect to: a PikoCluster of this app, or the URL of one elsewhere. */
  readonly connectTo: PikoAgentTarget;
  /** The endpoints to register; at least one. */
  readonly listeners: PikoAgentListener[];
  /**
   * A JWT the server's upstream port accepts; required exactly when upstream auth is on. It
   * reaches the agent as an env var from the Secret and is referenced in agent.yaml as `${VAR}`,
   * so it never sits in the ConfigMap.
   * @default - no token
   */
  readonly token?: PikoAgentToken;
  /**
   * The tenant the agent connects as (`connect.tenant_id`); required when the server has tenants.
   * @default - the default tenant
   */
  readonly tenantId?: string;
  /**
   * The CA that signed the server's upstream certificate; required when the upstream port
   * serves TLS.
   * @default - the image's root CAs
   */
  readonly serverTrust?: PikoServerTrust;
  /**
   * A certificate the agent presents to the server's upstream port (`connect.tls.cert` and
   * `connect.tls.key`); required exactly when that port asks for one, which a PikoCluster's
   * upstream TLS with a `clientCaKey` does (mutual TLS).
   * @default - no client certificate
   */
  readonly clientCertificate?: PikoClientCertificate;
  /**
   * How long the agent tries to connect at start before it exits (`connect.timeout`).
   * @default - Piko's default, 30s
   */
  readonly connectTimeout?: Duration;
  /**
   * How much unread data a stream from the server may have in flight to the agent
   * (`stream.max_window_size`): a larger window lets requests reach the upstream faster over a
   * slow or distant link, at the cost of agent memory per stream. At least 256 KiB, below 4 GiB.
   * @default - Piko's default, 256 KiB
   */
  readonly streamWindowSize?: Size;
  /**
   * Serve Prometheus metrics at `/metrics` on this port (the agent's `server`). The agent serves
   * no health route, so it has no probes; it exits when it cannot connect at start.
   * @default - no metrics listener, as in Piko
   */
  readonly metricsPort?: number;
  /**
   * Log level (`log.level`).
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Base name of the objects: the ConfigMap (and a PikoAgent's Deployment and ServiceAccount).
   * @default "piko-agent"
   */
  readonly name?: string;
  /**
   * Container image, pinned to a tag or digest. The agent is the `piko` binary itself.
   * @default PikoAgent.DEFAULT_IMAGE
   */
  readonly image?: string;
  /**
   * When the kubelet pulls the image.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * CPU and memory of the agent container. Replaces the default as a whole.
   * @default - 50m CPU and 64Mi memory requested, 256Mi memory limit
   */
  readonly resources?: ContainerResources;
  /**
   * Raw keys deep-merged into agent.yaml over the rendered ones (lists, `listeners` included,
   * are replaced). The agent refuses unknown keys at start, and so does the synth. Keys the
   * rendered file lacks follow its own, sorted, so the file does not depend on the order of a
   * map's keys.
   * @default - none
   */
  readonly config?: { [key: string]: any };
}

/** Props of {@link PikoAgent}. */
export interface PikoAgentProps extends PikoAgentOptions, PodOptions {
  /**
   * Namespace of the objects. The token and CA Secrets must be in it.
   * @default - the chart's namespace, else "piko"
   */
  readonly namespace?: string;
  /**
   * Render the Namespace object (one per namespace and app). Set false when you own it.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Number of agents. Piko balances an endpoint's requests over every agent registered for it.
   * @default 2 - an endpoint that survives losing a node
   */
  readonly replicas?: number;
  /**
   * How long a stopping agent waits for requests in flight (`grace_period`).
   * @default Duration.minutes(1)
   */
  readonly gracePeriod?: Duration;
  /**
   * Time Kubernetes gives a stopping pod before SIGKILL; must exceed `gracePeriod`.
   * @default - gracePeriod + 15s
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * The PodDisruptionBudget. By default maxUnavailable 1, so a drain stops one agent at a time.
   * @default DisruptionBudget.serverDefault()
   */
  readonly disruptionBudget?: DisruptionBudget;
  /**
   * Mount a service-account token. The agent never calls the Kubernetes API.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Add a checksum of agent.yaml to the pods, so changing the config rolls them.
   * @default true
   */
  readonly rolloutOnConfigChange?: boolean;
}

/** Props of {@link PikoAgentSidecar}. */
export interface PikoAgentSidecarProps extends PikoAgentOptions {
  /** The workload whose pods get the agent container. Its namespace holds the ConfigMap. */
  readonly host: PikoSidecarHost;
  /**
   * How long a stopping agent waits for requests in flight (`grace_period`). It must end before
   * the host pod's `terminationGracePeriodSeconds` (30 unless set), or the synth warns.
   * @default Duration.seconds(20)
   */
  readonly gracePeriod?: Duration;
  /**
   * Extra environment variables of the agent container (not of the host's containers), for
   * example the one a `${VAR}` reference in the connectTo URL reads. The token's variable is
   * the construct's own.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
}
