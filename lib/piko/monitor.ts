import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PikoCluster } from './cluster';
import { PIKO_DEFAULT_PORTS } from './effective-config';
import { PORT_NAMES } from './pod-layout';
import { podMonitorBinding, serviceMonitorBinding } from '../common/crd-bindings';
import { finalJson } from '../common/final-json';
import { formatGoDuration } from '../common/go-duration';
import { checkIntegrationObjects } from '../common/integration-checks';
import { checkDataKey, checkDnsLabel, checkDnsSubdomain, checkLabels, checkServiceName } from '../common/kubernetes-formats';
import { selectorMatches } from '../common/labels';
import { recordCustomResource } from '../common/manifest-object';
import { describeObject, Manifest, resolvePortReference } from '../common/manifest-view';
import { admitIntegration, checkPolicyAdmits, NetworkPeer } from '../common/network-policy';
import { apiObjectsOf } from '../common/object-versions';
import { addSynthChecks, CheckResult, Problem, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';

const KIND = 'PikoMonitor';
const METRICS_PATH = '/metrics';

/** Which Prometheus Operator resource scrapes Piko. */
export enum PikoMonitorKind {
  /** A PodMonitor selecting Piko's pods. */
  POD_MONITOR = 'PodMonitor',
  /** A ServiceMonitor selecting Piko's headless Service, which carries the admin port. */
  SERVICE_MONITOR = 'ServiceMonitor',
}

/** A Secret key holding a bearer token. */
export interface PikoBearerToken {
  /** Secret in the monitor's namespace. */
  readonly secretName: string;
  /** Key of the token in the Secret. */
  readonly key: string;
}

/** Props of {@link PikoMonitor}. */
export interface PikoMonitorProps {
  /** The cluster to scrape. */
  readonly cluster: PikoCluster;
  /**
   * PodMonitor or ServiceMonitor.
   * @default PikoMonitorKind.POD_MONITOR
   */
  readonly kind?: PikoMonitorKind;
  /**
   * Namespace of the monitor (some Prometheus setups only watch their own).
   * @default - the cluster's namespace
   */
  readonly namespace?: string;
  /**
   * Labels your Prometheus selects monitors by, e.g. `{ release: 'kube-prometheus-stack' }`.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Scrape interval.
   * @default - Prometheus' default
   */
  readonly interval?: Duration;
  /**
   * A JWT the admin port accepts, required when admin auth is on (it covers /metrics).
   * @default - no Authorization header
   */
  readonly bearerToken?: PikoBearerToken;
  /**
   * With admin TLS: the name the certificate must carry.
   * @default - the target's address
   */
  readonly tlsServerName?: string;
  /**
   * With admin TLS: skip certificate verification (pods are scraped by IP).
   * @default false
   */
  readonly tlsInsecureSkipVerify?: boolean;
  /**
   * Where Prometheus runs. With the cluster's NetworkPolicy, these peers are admitted to the
   * admin port, and the prop is required then: the policy drops all traffic it does not admit.
   * @default - no rule (required when the cluster has a NetworkPolicy)
   */
  readonly allowFrom?: NetworkPeer[];
  /**
   * Name of the monitor.
   * @default - the cluster's name
   */
  readonly name?: string;
}

/**
 * Scrapes Piko's Prometheus metrics (`/metrics` on the admin port) with a Prometheus Operator
 * PodMonitor or ServiceMonitor. Admin auth covers /metrics, so a bearer-token Secret is required
 * then; with admin TLS the scrape uses HTTPS.
 */
export class PikoMonitor extends Construct {
  /** The PodMonitor or ServiceMonitor. */
  public readonly monitor: ApiObject;

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster to scrape, and how
   */
  constructor(scope: Construct, id: string, props: PikoMonitorProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikoMonitorProps', props));
    const cluster = props.cluster;
    const kind = props.kind ?? PikoMonitorKind.POD_MONITOR;
    const name = props.name ?? cluster.name;
    const namespace = props.namespace ?? cluster.namespace;
    const https = cluster.adminTlsEnabled;
    throwIfProblems(this, KIND, [
      checkServiceName('name', name),
      checkDnsLabel('namespace', namespace),
      ...checkLabels('labels', props.labels ?? {}),
      cluster.adminAuthEnabled && props.bearerToken === undefined ? {
        setting: 'bearerToken',
        rule: 'must be set: the cluster\'s admin auth covers /metrics, and Prometheus would get 401 on every scrape',
        found: undefined,
        fix: 'give a Secret holding a JWT the admin port accepts',
      } : undefined,
      props.bearerToken === undefined ? undefined : checkDnsSubdomain('bearerToken.secretName', props.bearerToken.secretName, 'piko-metrics-token'),
      props.bearerToken === undefined ? undefined : checkDataKey('bearerToken.key', props.bearerToken.key, 'token'),
      !https && (props.tlsServerName !== undefined || props.tlsInsecureSkipVerify !== undefined) ? {
        setting: 'tlsServerName/tlsInsecureSkipVerify', rule: 'only apply when the admin port serves TLS', found: props.tlsServerName ?? props.tlsInsecureSkipVerify, fix: 'remove them',
      } : undefined,
      ...admitIntegration(cluster.networkPolicy, cluster.adminPort, props.allowFrom, 'Prometheus', "NetworkPeer.podsInNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' })"),
    ].filter((p): p is Problem => p !== undefined));

    const endpoint = {
      port: PORT_NAMES.admin,
      path: METRICS_PATH,
      interval: props.interval === undefined ? undefined : formatGoDuration(props.interval),
      authorization: props.bearerToken === undefined ? undefined : { type: 'Bearer', credentials: { name: props.bearerToken.secretName, key: props.bearerToken.key } },
      tlsConfig: https ? { serverName: props.tlsServerName, insecureSkipVerify: props.tlsInsecureSkipVerify } : undefined,
    };
    const metadata = { name, namespace, labels: { ...props.labels, ...cluster.selectorLabels, 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' } };
    const spec = {
      selector: { matchLabels: cluster.selectorLabels },
      namespaceSelector: namespace === cluster.namespace ? undefined : { matchNames: [cluster.namespace] },
    };
    if (kind === PikoMonitorKind.POD_MONITOR) {
      const { PodMonitor, PodMonitorSpecPodMetricsEndpointsScheme: Scheme } = podMonitorBinding();
      this.monitor = new PodMonitor(this, 'PodMonitor', {
        metadata,
        spec: { ...spec, podMetricsEndpoints: [{ ...endpoint, scheme: https ? Scheme.HTTPS : Scheme.HTTP }] },
      });
    } else {
      const { ServiceMonitor, ServiceMonitorSpecEndpointsScheme: Scheme } = serviceMonitorBinding();
      this.monitor = new ServiceMonitor(this, 'ServiceMonitor', {
        metadata,
        spec: { ...spec, endpoints: [{ ...endpoint, scheme: https ? Scheme.HTTPS : Scheme.HTTP }] },
      });
    }
    recordCustomResource(this.monitor);
    const objects = [...apiObjectsOf(this), ...apiObjectsOf(cluster)];
    // The ServiceMonitor selects the headless Service by its labels.
    const inputs = { objects: () => objects, metadataOf: [cluster.headlessService] };
    addSynthChecks(this, KIND, inputs, () => this.checkFinalObjects(cluster, namespace, props.allowFrom));
  }

  private checkFinalObjects(cluster: PikoCluster, namespace: string, allowFrom: NetworkPeer[] | undefined): CheckResult {
    const monitor = finalJson(this.monitor);
    const statefulSet = finalJson(cluster.statefulSet);
    const container: Manifest | undefined = statefulSet.spec?.template?.spec?.containers?.[0];
    const effective = cluster._effectiveConfig();
    const endpoint: Manifest = (monitor.kind === 'PodMonitor' ? monitor.spec?.podMetricsEndpoints : monitor.spec?.endpoints)?.[0] ?? {};
    const problems: Problem[] = checkIntegrationObjects([this.monitor], namespace);
    const setting = `${describeObject(monitor)} endpoint`;
    // An unreadable admin.bind_addr is the cluster's own problem; Piko's default stands in here.
    const adminPort = effective.port('admin') ?? PIKO_DEFAULT_PORTS.admin;
    if (cluster.networkPolicy !== undefined && allowFrom !== undefined) {
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), adminPort, allowFrom, 'Prometheus (PikoMonitor allowFrom)'));
    }
    if (resolvePortReference(container, endpoint.port) !== adminPort) {
      problems.push({ setting: `${setting} port`, rule: `must name the container's admin port (${adminPort})`, found: endpoint.port, fix: 'remove the patch that changes the port' });
    }
    if (endpoint.path !== METRICS_PATH) {
      problems.push({ setting: `${setting} path`, rule: `must be "${METRICS_PATH}"`, found: endpoint.path, fix: 'remove the patch that changes the path' });
    }
    if (effective.auth('admin') && endpoint.authorization?.credentials?.name === undefined) {
      problems.push({ setting: `${setting} authorization`, rule: 'must send a bearer token: admin auth covers /metrics', found: endpoint.authorization, fix: 'set bearerToken on the monitor' });
    }
    const scheme = effective.tls('admin') ? 'https' : 'http';
    if ((endpoint.scheme ?? 'http') !== scheme) {
      problems.push({ setting: `${setting} scheme`, rule: `must be ${scheme}, as the admin port serves it`, found: endpoint.scheme, fix: 'set admin TLS through the cluster\'s admin.tls prop' });
    }
    const selector = monitor.spec?.selector?.matchLabels;
    const selected = monitor.kind === 'PodMonitor' ? statefulSet.spec?.template?.metadata?.labels : finalJson(cluster.headlessService).metadata?.labels;
    const namespaces: string[] = monitor.spec?.namespaceSelector?.matchNames ?? [monitor.metadata?.namespace];
    if (!selectorMatches(selector, selected) || !namespaces.includes(statefulSet.metadata?.namespace)) {
      problems.push({
        setting: `${describeObject(monitor)} spec.selector`,
        rule: `must select Piko's ${monitor.kind === 'PodMonitor' ? 'pods' : 'headless Service'} in namespace "${statefulSet.metadata?.namespace}"`,
        found: { selector, namespaces },
        fix: 'remove the patch that changes the selector',
      });
    }
    return { problems, warnings: [] };
  }
}
