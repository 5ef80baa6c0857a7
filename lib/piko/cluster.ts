import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { pikoConfig } from './config';
import { pikoContainer, pikoVolumes } from './container';
import { checkPikoInvariants } from './invariants';
import { CONFIG_FILE_KEY, CONTAINER_NAME, Listener, PORT_NAMES } from './pod-layout';
import { PikoClusterProps } from './props';
import { checkPikoProps, PIKO_DEFAULT_IMAGE, PikoSettings, resolvePikoSettings } from './settings';
import { buildCertificate } from '../common/certificate';
import { apiObjectsOf } from '../common/change-tracking';
import { addClusterSynthChecks, FinalObjects } from '../common/cluster-checks';
import { ConfigTree, RenderedConfig } from '../common/config-document';
import { buildDisruptionBudget } from '../common/disruption-budget';
import { containerNamed } from '../common/manifest-view';
import { buildNetworkPolicy, NetworkPeer } from '../common/network-policy';
import { CheckResult, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';
import { buildServerScaffold, objectMetadata } from '../common/server-scaffold';
import { buildClientService, buildHeadlessService, ServicePortSpec } from '../common/services';
import { buildStatefulSet } from '../common/stateful-workload';

const KIND = 'PikoCluster';

/**
 * A Piko cluster: a StatefulSet of proxy nodes that find each other by gossip through a headless
 * Service, with client Services for the proxy and upstream ports and server.yaml in a ConfigMap.
 * The defaults fix what Piko's Helm chart and docs leave open: ports set in one place, the gossip
 * port on TCP and UDP, a pinned image, restricted pod security, a grace period with headroom, and
 * config-change rollouts.
 *
 * Bad props throw here; a cluster that would not form or start after patches or raw config fails
 * `cdk8s synth`, naming the object, the field, the value and the fix.
 */
export class PikoCluster extends Construct {
  /** The image used when `image` is not set. */
  public static readonly DEFAULT_IMAGE: string = PIKO_DEFAULT_IMAGE;

  /** Base name of the objects. */
  public readonly name: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Number of nodes. */
  public readonly replicas: number;
  /** The container image. */
  public readonly image: string;
  /** Port of the proxy listener, which downstream clients call. */
  public readonly proxyPort: number;
  /** Port of the upstream listener, which agents and SDK upstreams connect to. */
  public readonly upstreamPort: number;
  /** Port of the admin listener: `/ready`, `/health`, `/metrics`, `/status`. */
  public readonly adminPort: number;
  /** Port of the gossip protocol, on TCP and UDP. */
  public readonly gossipPort: number;
  /** FQDN of the headless Service, which nodes join. */
  public readonly headlessDnsName: string;
  /** In-cluster URL of the proxy Service, for downstream clients. */
  public readonly proxyUrl: string;
  /** In-cluster URL of the upstream Service, for `piko agent` and SDK upstreams. */
  public readonly upstreamUrl: string;
  /** In-cluster URL of the admin port (through the headless Service: any node answers). */
  public readonly adminUrl: string;
  /** Whether the admin port requires a token (it then covers /metrics too). */
  public readonly adminAuthEnabled: boolean;

  /** The Namespace of the cluster's objects: shared with the app's other clusters there; absent when `createNamespace` is false or for Kubernetes' own namespaces. */
  public readonly namespaceObject?: k8s.KubeNamespace;
  /** The ServiceAccount the pods run as (no token mounted unless asked for). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The ConfigMap holding server.yaml. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The headless Service nodes discover each other through (the Helm chart's Service). */
  public readonly headlessService: k8s.KubeService;
  /** The Service downstream clients use. */
  public readonly proxyService: k8s.KubeService;
  /** The Service upstreams connect to. */
  public readonly upstreamService: k8s.KubeService;
  /** The StatefulSet of the nodes. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The cert-manager Certificate of the proxy listener, when its TLS sets `certManager`. */
  public readonly proxyCertificate?: ApiObject;
  /** The cert-manager Certificate of the upstream listener, when its TLS sets `certManager`. */
  public readonly upstreamCertificate?: ApiObject;
  /** The cert-manager Certificate of the admin listener, when its TLS sets `certManager`. */
  public readonly adminCertificate?: ApiObject;
  /** The budget that keeps nodes up through voluntary disruptions, unless `disruptionBudget` is false. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy, with `networkPolicy`. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  private readonly ownSelectorLabels: { [key: string]: string };
  private readonly listenerTls: { [listener: string]: boolean };
  private readonly renderedConfig: RenderedConfig;

  /** Labels selecting this cluster's pods; the Helm chart's for the default name (a copy). */
  public get selectorLabels(): { [key: string]: string } {
    return { ...this.ownSelectorLabels };
  }

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster's settings; every one has a default
   */
  constructor(scope: Construct, id: string, props: PikoClusterProps = {}) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikoClusterProps', props));
    const settings = resolvePikoSettings(this, props);
    throwIfProblems(this, KIND, checkPikoProps(settings));

    this.name = settings.name;
    this.namespace = settings.namespace;
    this.replicas = settings.replicas;
    this.image = settings.image;
    this.proxyPort = settings.ports.proxy;
    this.upstreamPort = settings.ports.upstream;
    this.adminPort = settings.ports.admin;
    this.gossipPort = settings.ports.gossip;
    this.ownSelectorLabels = settings.selectorLabels;
    this.headlessDnsName = settings.joinTarget;
    this.adminAuthEnabled = settings.listeners.admin.auth !== undefined;
    this.listenerTls = {
      proxy: settings.listeners.proxy.tls !== undefined,
      upstream: settings.listeners.upstream.tls !== undefined,
      admin: settings.listeners.admin.tls !== undefined,
    };
    const url = (tls: unknown, host: string, port: number) => `${tls ? 'https' : 'http'}://${host}.${settings.namespace}.svc.${settings.clusterDomain}:${port}`;
    this.proxyUrl = url(settings.listeners.proxy.tls, `${settings.name}-proxy`, this.proxyPort);
    this.upstreamUrl = url(settings.listeners.upstream.tls, `${settings.name}-upstream`, this.upstreamPort);
    this.adminUrl = url(settings.listeners.admin.tls, settings.headlessServiceName, this.adminPort);

    this.renderedConfig = new RenderedConfig(pikoConfig(settings));
    const scaffold = buildServerScaffold(this, settings, {
      selectorLabels: settings.selectorLabels,
      instance: settings.instance,
      component: 'proxy',
      configFileKey: CONFIG_FILE_KEY,
      configText: this.renderedConfig.text,
    });
    const metadata = (name: string) => objectMetadata(settings, scaffold, name);
    const port = (name: string, number: number, protocol: 'TCP' | 'UDP' = 'TCP'): ServicePortSpec => ({ name, port: number, targetPort: name, protocol });
    this.namespaceObject = scaffold.namespaceObject;
    this.serviceAccount = scaffold.serviceAccount;
    this.configMap = scaffold.configMap;
    this.headlessService = buildHeadlessService(this, 'HeadlessService', {
      ...metadata(settings.headlessServiceName),
      selectorLabels: settings.selectorLabels,
      ports: [
        port(PORT_NAMES.proxy, settings.ports.proxy),
        port(PORT_NAMES.upstream, settings.ports.upstream),
        port(PORT_NAMES.admin, settings.ports.admin),
        port(PORT_NAMES.gossip, settings.ports.gossip),
        port(PORT_NAMES.gossipUdp, settings.ports.gossip, 'UDP'),
      ],
    });
    this.proxyService = buildClientService(this, 'ProxyService', {
      ...metadata(`${settings.name}-proxy`),
      selectorLabels: settings.selectorLabels,
      ports: [port(PORT_NAMES.proxy, settings.ports.proxy)],
    }, settings.services.proxy._render());
    this.upstreamService = buildClientService(this, 'UpstreamService', {
      ...metadata(`${settings.name}-upstream`),
      selectorLabels: settings.selectorLabels,
      ports: [port(PORT_NAMES.upstream, settings.ports.upstream)],
    }, settings.services.upstream._render());
    const certificate = (listener: Listener, serviceName: string): ApiObject | undefined => {
      const { tls, certManager } = settings.listeners[listener];
      return tls && certManager && buildCertificate(this, `${listener[0].toUpperCase()}${listener.slice(1)}Certificate`, {
        ...metadata(tls.secretName),
        secretName: tls.secretName,
        serviceName,
        clusterDomain: settings.clusterDomain,
        options: certManager,
      });
    };
    this.proxyCertificate = certificate('proxy', `${settings.name}-proxy`);
    this.upstreamCertificate = certificate('upstream', `${settings.name}-upstream`);
    this.adminCertificate = certificate('admin', settings.headlessServiceName);
    this.statefulSet = this.buildStatefulSet(settings, scaffold.labels);
    this.node.defaultChild = this.statefulSet;

    if (settings.disruptionBudget) {
      this.podDisruptionBudget = buildDisruptionBudget(this, 'DisruptionBudget', {
        ...metadata(settings.name),
        selectorLabels: settings.selectorLabels,
        maxUnavailable: 1,
      });
    }
    if (settings.networkPolicy) {
      this.networkPolicy = this.buildNetworkPolicy(settings, scaffold.labels);
    }

    addClusterSynthChecks(this, KIND, {
      namespace: settings.namespace,
      objects: apiObjectsOf(this),
      statefulSet: this.statefulSet,
      services: [this.headlessService, this.proxyService, this.upstreamService],
      disruptionBudget: this.podDisruptionBudget,
    }, {
      serverContainer: CONTAINER_NAME,
      readOnlyRootFilesystem: settings.podSecurity.readOnlyRootFilesystem,
    }, (final) => this.checkFinalObjects(settings, final));
  }

  /**
   * Whether a listener (`proxy`, `upstream`, `admin`) serves TLS, as configured by the props.
   * @internal
   */
  public _tlsEnabled(listener: string): boolean {
    return this.listenerTls[listener] === true;
  }

  /**
   * server.yaml as it will be synthesized (after raw config and patches), for the integrations'
   * checks; `{}` when it is missing or not YAML.
   * @internal
   */
  public _finalConfig(): ConfigTree {
    return this.renderedConfig.read(this.configMap.toJson().data?.[CONFIG_FILE_KEY]);
  }

  /** Runs Piko's rules on every object as it will be synthesized (after patches). */
  private checkFinalObjects(settings: PikoSettings, final: FinalObjects): CheckResult {
    const statefulSet = final.of(this.statefulSet);
    const configMap = final.of(this.configMap);
    return checkPikoInvariants({
      statefulSet,
      configMap,
      headlessService: final.of(this.headlessService),
      proxyService: final.of(this.proxyService),
      upstreamService: final.of(this.upstreamService),
      disruptionBudget: final.of(this.podDisruptionBudget),
      container: containerNamed(statefulSet, CONTAINER_NAME),
      certificates: {
        proxy: final.of(this.proxyCertificate),
        upstream: final.of(this.upstreamCertificate),
        admin: final.of(this.adminCertificate),
      },
      config: this.renderedConfig.read(configMap.data?.[CONFIG_FILE_KEY]),
      clusterDomain: settings.clusterDomain,
    });
  }

  private buildStatefulSet(settings: PikoSettings, labels: { [key: string]: string }): k8s.KubeStatefulSet {
    return buildStatefulSet(this, 'StatefulSet', settings, {
      labels,
      selectorLabels: settings.selectorLabels,
      serviceName: settings.headlessServiceName,
      terminationGracePeriodSeconds: settings.terminationGracePeriod.toSeconds(),
      container: pikoContainer(settings),
      volumes: pikoVolumes(settings, settings.name),
      configMap: this.configMap,
    });
  }

  private buildNetworkPolicy(settings: PikoSettings, labels: { [key: string]: string }): k8s.KubeNetworkPolicy {
    const ownPods = NetworkPeer.podsWithLabels(settings.selectorLabels);
    const policy = settings.networkPolicy ?? {};
    const ports = settings.ports;
    return buildNetworkPolicy(this, 'NetworkPolicy', {
      name: settings.name,
      namespace: settings.namespace,
      labels,
      selectorLabels: settings.selectorLabels,
      ingress: [
        { ports: [{ port: ports.gossip, protocol: 'TCP' }, { port: ports.gossip, protocol: 'UDP' }], from: [ownPods] },
        { ports: [{ port: ports.proxy, protocol: 'TCP' }], from: policy.proxyFrom && [ownPods, ...policy.proxyFrom] },
        { ports: [{ port: ports.upstream, protocol: 'TCP' }], from: policy.upstreamFrom },
        { ports: [{ port: ports.admin, protocol: 'TCP' }], from: [ownPods, ...policy.adminFrom ?? []] },
      ],
    });
  }
}
