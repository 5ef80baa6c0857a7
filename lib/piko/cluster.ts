import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { buildAutoscaler } from './autoscaler';
import { pikoConfig } from './config';
import { pikoContainer, pikoVolumes } from './container';
import { PikoEffectiveConfig } from './effective-config';
import { checkPikoInvariants } from './invariants';
import { CONFIG_FILE_KEY, CONTAINER_NAME, Listener, PORT_NAMES } from './pod-layout';
import { PikoClusterProps } from './props';
import { checkPikoProps, PIKO_DEFAULT_IMAGE, resolvePikoSettings } from './settings';
import { buildCertificate } from '../common/certificate';
import { ClusterBuild } from '../common/cluster-build';
import { FinalObjects } from '../common/cluster-checks';
import { ConfigTree, RenderedConfig } from '../common/config-document';
import { finalJson } from '../common/final-json';
import { containerNamed, Manifest } from '../common/manifest-view';
import { ownPodLayout } from '../common/own-pod-layout';
import { CheckResult, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';
import { ServerCheckContext } from '../common/server-check-context';
import { ServicePortSpec } from '../common/services';

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
  /** Number of nodes; with `autoscaling`, the fewest the autoscaler runs (its minReplicas). */
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
  /** Whether the proxy port requires a token from downstream clients. */
  public readonly proxyAuthEnabled: boolean;
  /** Whether the upstream port requires a token from agents and upstream SDKs. */
  public readonly upstreamAuthEnabled: boolean;
  /** Whether the admin port requires a token (it then covers /metrics too). */
  public readonly adminAuthEnabled: boolean;
  /** Whether the proxy port serves TLS (`proxy.tls`). */
  public readonly proxyTlsEnabled: boolean;
  /** Whether the upstream port serves TLS (`upstream.tls`): agents then connect with https. */
  public readonly upstreamTlsEnabled: boolean;
  /** Whether the admin port serves TLS (`admin.tls`): the probes and monitors then use HTTPS. */
  public readonly adminTlsEnabled: boolean;

  /** The Namespace of the cluster's objects: shared with the app's other clusters there; absent when `createNamespace` is false or for Kubernetes' own namespaces. */
  public readonly namespaceObject?: ApiObject;
  /** The ServiceAccount the pods run as (no token mounted unless asked for). */
  public readonly serviceAccount: ApiObject;
  /** The ConfigMap holding server.yaml. */
  public readonly configMap: ApiObject;
  /** The headless Service nodes discover each other through (the Helm chart's Service). */
  public readonly headlessService: ApiObject;
  /** The Service downstream clients use. */
  public readonly proxyService: ApiObject;
  /** The Service upstreams connect to. */
  public readonly upstreamService: ApiObject;
  /** The StatefulSet of the nodes. */
  public readonly statefulSet: ApiObject;
  /** The cert-manager Certificate of the proxy listener, when its TLS sets `certManager`. */
  public readonly proxyCertificate?: ApiObject;
  /** The cert-manager Certificate of the upstream listener, when its TLS sets `certManager`. */
  public readonly upstreamCertificate?: ApiObject;
  /** The cert-manager Certificate of the admin listener, when its TLS sets `certManager`. */
  public readonly adminCertificate?: ApiObject;
  /** The budget that keeps nodes up through voluntary disruptions, unless `disruptionBudget` is false. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The NetworkPolicy, with `networkPolicy`. */
  public readonly networkPolicy?: ApiObject;
  /** The HorizontalPodAutoscaler (`autoscaling/v2`) that sets the node count, with `autoscaling`. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  private readonly ownSelectorLabels: { [key: string]: string };
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
    // Rendered once: the props checks read where the server mounts and listens, the StatefulSet holds it.
    const container = pikoContainer(settings);
    const volumes = pikoVolumes(settings, settings.name);
    throwIfProblems(this, KIND, checkPikoProps(settings, ownPodLayout(container, volumes)));

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
    this.proxyAuthEnabled = settings.listeners.proxy.auth !== undefined;
    this.upstreamAuthEnabled = settings.listeners.upstream.auth !== undefined;
    this.adminAuthEnabled = settings.listeners.admin.auth !== undefined;
    this.proxyTlsEnabled = settings.listeners.proxy.tls !== undefined;
    this.upstreamTlsEnabled = settings.listeners.upstream.tls !== undefined;
    this.adminTlsEnabled = settings.listeners.admin.tls !== undefined;
    const url = (tls: boolean, host: string, port: number) => `${tls ? 'https' : 'http'}://${host}.${settings.namespace}.svc.${settings.clusterDomain}:${port}`;
    this.proxyUrl = url(this.proxyTlsEnabled, `${settings.name}-proxy`, this.proxyPort);
    this.upstreamUrl = url(this.upstreamTlsEnabled, `${settings.name}-upstream`, this.upstreamPort);
    this.adminUrl = url(this.adminTlsEnabled, settings.headlessServiceName, this.adminPort);

    this.renderedConfig = new RenderedConfig(pikoConfig(settings));
    const build = new ClusterBuild(this, settings, {
      kind: KIND, instance: settings.instance, component: 'proxy', configFileKey: CONFIG_FILE_KEY, config: this.renderedConfig, serverContainer: CONTAINER_NAME,
    });
    const port = (name: string, number: number, protocol: 'TCP' | 'UDP' = 'TCP'): ServicePortSpec => ({ name, port: number, targetPort: name, protocol });
    this.namespaceObject = build.scaffold.namespaceObject;
    this.serviceAccount = build.scaffold.serviceAccount;
    this.configMap = build.scaffold.configMap;
    this.headlessService = build.headlessService([
      port(PORT_NAMES.proxy, settings.ports.proxy),
      port(PORT_NAMES.upstream, settings.ports.upstream),
      port(PORT_NAMES.admin, settings.ports.admin),
      port(PORT_NAMES.gossip, settings.ports.gossip),
      port(PORT_NAMES.gossipUdp, settings.ports.gossip, 'UDP'),
    ]);
    this.proxyService = build.clientService('ProxyService', `${settings.name}-proxy`, [port(PORT_NAMES.proxy, settings.ports.proxy)], settings.services.proxy._render());
    this.upstreamService = build.clientService(
      'UpstreamService', `${settings.name}-upstream`, [port(PORT_NAMES.upstream, settings.ports.upstream)], settings.services.upstream._render(),
    );
    const certificate = (listener: Listener, serviceName: string): ApiObject | undefined => {
      const { tls, certManager } = settings.listeners[listener];
      return tls && certManager && buildCertificate(this, `${listener[0].toUpperCase()}${listener.slice(1)}Certificate`, {
        ...build.metadata(tls.secretName),
        secretName: tls.secretName,
        serviceName,
        clusterDomain: settings.clusterDomain,
        options: certManager,
      });
    };
    this.proxyCertificate = certificate('proxy', `${settings.name}-proxy`);
    this.upstreamCertificate = certificate('upstream', `${settings.name}-upstream`);
    this.adminCertificate = certificate('admin', settings.headlessServiceName);
    this.statefulSet = build.statefulSet({
      container,
      volumes,
      autoscaled: settings.autoscaling !== undefined,
    });
    this.podDisruptionBudget = build.disruptionBudget({ maxUnavailable: 1 });
    if (settings.networkPolicy) {
      const { proxyFrom, upstreamFrom, adminFrom } = settings.networkPolicy;
      const ports = settings.ports;
      this.networkPolicy = build.networkPolicy((ownPods) => [
        { ports: [{ port: ports.gossip, protocol: 'TCP' }, { port: ports.gossip, protocol: 'UDP' }], from: [ownPods] },
        { ports: [{ port: ports.proxy, protocol: 'TCP' }], from: proxyFrom && [ownPods, ...proxyFrom] },
        { ports: [{ port: ports.upstream, protocol: 'TCP' }], from: upstreamFrom },
        { ports: [{ port: ports.admin, protocol: 'TCP' }], from: [ownPods, ...adminFrom ?? []] },
      ]);
    }
    if (settings.autoscaling) {
      this.horizontalPodAutoscaler = buildAutoscaler(this, 'HorizontalPodAutoscaler', {
        ...build.metadata(settings.name),
        statefulSetName: settings.name,
        autoscaling: settings.autoscaling,
      });
    }
    build.addSynthChecks((core, final) => this.checkFinalObjects(core, final));
  }

  /**
   * Whether a listener (`proxy`, `upstream`, `admin`) serves TLS, as configured by the props.
   * @internal
   */
  public _tlsEnabled(listener: string): boolean {
    return { proxy: this.proxyTlsEnabled, upstream: this.upstreamTlsEnabled, admin: this.adminTlsEnabled }[listener] === true;
  }

  /**
   * server.yaml as it will be synthesized (after raw config and patches), for the integrations'
   * checks; `{}` when it is missing or not YAML.
   * @internal
   */
  public _finalConfig(): ConfigTree {
    return this.renderedConfig.read(finalJson(this.configMap).data?.[CONFIG_FILE_KEY]);
  }

  /**
   * What the nodes will use (ports, TLS, auth) after raw config and patches, for the
   * integrations' checks: the same reader the cluster's own checks use.
   * @internal
   */
  public _effectiveConfig(): PikoEffectiveConfig {
    return effectiveConfigOf(this._finalConfig(), finalJson(this.statefulSet));
  }

  /** Runs Piko's rules on every object as it will be synthesized (after patches). */
  private checkFinalObjects(core: ServerCheckContext, final: FinalObjects): CheckResult {
    return checkPikoInvariants({
      ...core,
      proxyService: final.of(this.proxyService),
      upstreamService: final.of(this.upstreamService),
      autoscaler: final.of(this.horizontalPodAutoscaler),
      certificates: {
        proxy: final.of(this.proxyCertificate),
        upstream: final.of(this.upstreamCertificate),
        admin: final.of(this.adminCertificate),
      },
      effective: effectiveConfigOf(core.config, core.statefulSet),
    });
  }
}

function effectiveConfigOf(config: ConfigTree, statefulSet: Manifest): PikoEffectiveConfig {
  return new PikoEffectiveConfig(config, containerNamed(statefulSet, CONTAINER_NAME));
}
