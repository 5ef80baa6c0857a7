import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { pikaConfig } from './config';
import { pikaContainer, pikaVolumes } from './container';
import { PikaEffectiveConfig } from './effective-config';
import { checkPikaInvariants } from './invariants';
import { CLUSTER_PORT_NAME, CONFIG_FILE_KEY, CONTAINER_NAME, DATA_CLAIM_NAME, HTTP_PORT_NAME } from './pod-layout';
import { PikaClusterProps, PikaEndpoint } from './props';
import { survivesOneMemberDown } from './quorum';
import { checkPikaProps, PIKA_DEFAULT_IMAGE, PikaSettings, resolvePikaSettings } from './settings';
import { buildCertificate } from '../common/certificate';
import { buildClaimTemplate } from '../common/claim-template';
import { ClusterBuild } from '../common/cluster-build';
import { FinalObjects } from '../common/cluster-checks';
import { ConfigTree, RenderedConfig } from '../common/config-document';
import { buildExternalSecret } from '../common/external-secret';
import { finalJson } from '../common/final-json';
import { manifestObject } from '../common/manifest-object';
import { ownPodLayout } from '../common/own-pod-layout';
import { CheckResult, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';
import { sizeToQuantity } from '../common/resources';
import { ServerCheckContext } from '../common/server-check-context';

const KIND = 'PikaCluster';

/**
 * A Pika cluster: a StatefulSet of peers that elect a leader by quorum, with per-member volumes,
 * the headless Service they find each other through, a client Service, pika.yaml in a ConfigMap,
 * and the defaults that upstream's bundle leaves out (restricted pod security, a quorum-keeping
 * PodDisruptionBudget, spreading, config-change rollouts).
 *
 * Bad props throw here; a cluster that would not form after patches or raw config fails
 * `cdk8s synth`, naming the object, the field, the value and the fix.
 */
export class PikaCluster extends Construct {
  /** The image used when `image` is not set. */
  public static readonly DEFAULT_IMAGE: string = PIKA_DEFAULT_IMAGE;

  /** Base name of the objects. */
  public readonly name: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Number of members. */
  public readonly replicas: number;
  /** Members needed to elect a leader and accept writes: floor(replicas/2)+1. */
  public readonly quorum: number;
  /** The container image. */
  public readonly image: string;
  /** Port of the HTTP listener. */
  public readonly httpPort: number;
  /** UDP port of the peer protocol. */
  public readonly clusterPort: number;
  /** The normalised `server.base_path` (`""` at the root). */
  public readonly basePath: string;
  /** Whether the HTTP listener serves TLS in the pod. */
  public readonly tlsEnabled: boolean;
  /** FQDN of the headless Service (`cluster.dns_addr`). */
  public readonly headlessDnsName: string;
  /** FQDN of the client Service. */
  public readonly serviceDnsName: string;
  /** In-cluster URL of the UI and API, with scheme, port and base path. */
  public readonly adminUrl: string;

  /** The Namespace of the cluster's objects: shared with the app's other clusters there; absent when `createNamespace` is false or for Kubernetes' own namespaces. */
  public readonly namespaceObject?: ApiObject;
  /** The ServiceAccount the pods run as (no token mounted unless asked for). */
  public readonly serviceAccount: ApiObject;
  /** The ConfigMap holding pika.yaml. */
  public readonly configMap: ApiObject;
  /** The Secret holding a literal security key; absent when the key comes from elsewhere. */
  public readonly securityKeySecret?: ApiObject;
  /** The ExternalSecret that writes the security key's Secret, with PikaSecurityKey.fromExternalSecret(). */
  public readonly securityKeyExternalSecret?: ApiObject;
  /** The cert-manager Certificate for the HTTP listener, with PikaServerTls.fromCertManager(). */
  public readonly certificate?: ApiObject;
  /** The ExternalSecret that writes the encryption passphrase's Secret, with PikaPassphrase.fromExternalSecret(). */
  public readonly passphraseExternalSecret?: ApiObject;
  /** The headless Service peers discover each other through. */
  public readonly headlessService: ApiObject;
  /** The ClusterIP Service clients use. */
  public readonly service: ApiObject;
  /** The StatefulSet of the members, with one data claim per member. */
  public readonly statefulSet: ApiObject;
  /** The budget that keeps a quorum through voluntary disruptions, unless `disruptionBudget` is false. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The NetworkPolicy, with `networkPolicy`. */
  public readonly networkPolicy?: ApiObject;
  private readonly renderedConfig: RenderedConfig;
  private readonly settings: PikaSettings;

  /** The declared runtime endpoints (a copy). */
  public get endpoints(): PikaEndpoint[] {
    return this.settings.endpoints.map((endpoint) => ({ ...endpoint }));
  }

  /** Labels selecting this cluster's pods; upstream's for the default name (a copy). */
  public get selectorLabels(): { [key: string]: string } {
    return { ...this.settings.selectorLabels };
  }

  /** `host:port` of each member's peer endpoint, by pod DNS name. */
  public get peerAddresses(): string[] {
    return Array.from({ length: this.replicas }, (_, i) => `${this.name}-${i}.${this.headlessDnsName}:${this.clusterPort}`);
  }

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster's settings; every one has a default
   */
  constructor(scope: Construct, id: string, props: PikaClusterProps = {}) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikaClusterProps', props));
    const settings = resolvePikaSettings(this, props);
    // Rendered once: the props checks read where the server mounts and listens, the StatefulSet holds it.
    const container = pikaContainer(settings);
    const volumes = pikaVolumes(settings, settings.name);
    throwIfProblems(this, KIND, checkPikaProps(settings, props, ownPodLayout(container, volumes, [DATA_CLAIM_NAME])));

    this.name = settings.name;
    this.namespace = settings.namespace;
    this.replicas = settings.replicas;
    this.quorum = settings.quorum;
    this.image = settings.image;
    this.httpPort = settings.server.port;
    this.clusterPort = settings.clustering.port;
    this.basePath = settings.server.basePath;
    this.tlsEnabled = settings.server.tls.enabled;
    this.settings = settings;
    this.headlessDnsName = settings.dnsAddr;
    this.serviceDnsName = `${settings.name}.${settings.namespace}.svc.${settings.clusterDomain}`;
    const scheme = settings.server.tls.enabled ? 'https' : 'http';
    this.adminUrl = `${scheme}://${this.serviceDnsName}:${this.httpPort}${this.basePath}`;

    this.renderedConfig = new RenderedConfig(pikaConfig(settings));
    const build = new ClusterBuild(this, settings, {
      kind: KIND, instance: settings.name, component: 'config-server', configFileKey: CONFIG_FILE_KEY, config: this.renderedConfig, serverContainer: CONTAINER_NAME,
    });
    this.namespaceObject = build.scaffold.namespaceObject;
    this.serviceAccount = build.scaffold.serviceAccount;
    this.configMap = build.scaffold.configMap;
    if (settings.securityKey.literal !== undefined) {
      this.securityKeySecret = manifestObject(this, 'SecurityKey', k8s.KubeSecret.GVK, k8s.toJson_KubeSecretProps, {
        metadata: build.metadata(settings.securityKey.secretName),
        type: 'Opaque',
        data: { [settings.securityKey.key]: Buffer.from(settings.securityKey.literal, 'utf8').toString('base64') },
      });
    }
    const external = settings.securityKey.externalSecret;
    if (external !== undefined) {
      this.securityKeyExternalSecret = buildExternalSecret(this, 'SecurityKeyExternalSecret', {
        ...build.metadata(settings.securityKey.secretName),
        store: external.store,
        targetName: settings.securityKey.secretName,
        refreshInterval: external.refreshInterval,
        data: [{ secretKey: settings.securityKey.key, remoteKey: external.remoteKey, property: external.property }],
      });
    }
    const passphrase = settings.encryption.passphrase;
    if (passphrase?.externalSecret !== undefined) {
      this.passphraseExternalSecret = buildExternalSecret(this, 'PassphraseExternalSecret', {
        ...build.metadata(passphrase.secretName),
        store: passphrase.externalSecret.store,
        targetName: passphrase.secretName,
        refreshInterval: passphrase.externalSecret.refreshInterval,
        data: [{ secretKey: passphrase.key, remoteKey: passphrase.externalSecret.remoteKey, property: passphrase.externalSecret.property }],
      });
    }
    const tls = settings.server.tls;
    if (tls.certManager !== undefined && tls.secret !== undefined) {
      this.certificate = buildCertificate(this, 'Certificate', {
        ...build.metadata(tls.secret.secretName),
        secretName: tls.secret.secretName,
        serviceName: settings.name,
        clusterDomain: settings.clusterDomain,
        options: tls.certManager,
      });
    }
    this.headlessService = build.headlessService([{ name: CLUSTER_PORT_NAME, port: settings.clustering.port, targetPort: CLUSTER_PORT_NAME, protocol: 'UDP' }]);
    this.service = build.clientService('Service', settings.name, [
      { name: HTTP_PORT_NAME, port: settings.server.port, targetPort: HTTP_PORT_NAME, protocol: 'TCP' },
      ...settings.endpoints.map((e) => ({ name: e.name, port: e.port, targetPort: e.name, protocol: 'TCP' as const })),
    ], settings.server.service._render());
    this.statefulSet = build.statefulSet({
      container,
      volumes,
      volumeClaimTemplates: [buildClaimTemplate({
        name: DATA_CLAIM_NAME,
        size: sizeToQuantity(settings.storage.size),
        accessModes: settings.storage.accessModes,
        storageClassName: settings.storage.storageClassName,
      })],
      claimRetention: { whenDeleted: settings.storage.whenDeleted, whenScaled: settings.storage.whenScaled },
    });
    // With one or two members no eviction keeps a quorum; a budget that allows none would make
    // every node drain wait forever, so it allows one (the synth warns).
    this.podDisruptionBudget = build.disruptionBudget(
      survivesOneMemberDown(settings.replicas) ? { minAvailable: settings.quorum } : { maxUnavailable: 1 },
    );
    if (settings.networkPolicy) {
      const httpFrom = settings.networkPolicy.httpFrom;
      this.networkPolicy = build.networkPolicy((ownPods) => [
        { ports: [{ port: settings.clustering.port, protocol: 'UDP' }], from: [ownPods] },
        {
          ports: [settings.server.port, ...settings.endpoints.map((e) => e.port)].map((port) => ({ port, protocol: 'TCP' as const })),
          from: httpFrom === undefined ? undefined : [ownPods, ...httpFrom],
        },
      ]);
    }
    build.addSynthChecks((core, final) => this.checkFinalObjects(settings, core, final));
  }

  /**
   * pika.yaml as it will be synthesized (after raw config and patches), for the integrations'
   * checks; `{}` when it is missing or not YAML.
   * @internal
   */
  public _finalConfig(): ConfigTree {
    return this.renderedConfig.read(finalJson(this.configMap).data?.[CONFIG_FILE_KEY]);
  }

  /**
   * What Pika will use (HTTP port, scheme, base path) after raw config and patches, for the
   * integrations' checks: the same reader the cluster's own checks use.
   * @internal
   */
  public _effectiveConfig(): PikaEffectiveConfig {
    return new PikaEffectiveConfig(this._finalConfig());
  }

  /** Runs Pika's rules on every object as it will be synthesized (after patches). */
  private checkFinalObjects(settings: PikaSettings, core: ServerCheckContext, final: FinalObjects): CheckResult {
    return checkPikaInvariants({
      ...core,
      service: final.of(this.service),
      keySecret: final.of(this.securityKeySecret),
      keyExternalSecret: final.of(this.securityKeyExternalSecret),
      certificate: final.of(this.certificate),
      passphraseExternalSecret: final.of(this.passphraseExternalSecret),
      encryption: { autoUnlock: settings.encryption.passphrase !== undefined, readinessGate: settings.encryption.readinessGate },
      effective: new PikaEffectiveConfig(core.config),
    });
  }
}
