import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PikaCluster } from './cluster';
import { finalJson } from '../common/final-json';
import { checkIntegrationObjects } from '../common/integration-checks';
import { checkAnnotationKeys, checkDnsSubdomain, checkServiceName } from '../common/kubernetes-formats';
import { manifestObject } from '../common/manifest-object';
import { describeObject, Manifest } from '../common/manifest-view';
import { admitIntegration, checkPolicyAdmits, NetworkPeer } from '../common/network-policy';
import { apiObjectsOf } from '../common/object-versions';
import { addSynthChecks, CheckResult, Problem, throwIfProblems } from '../common/problems';
import { checkPropsShape } from '../common/props-shape';

const KIND = 'PikaIngress';

/** ingress-nginx's switch to HTTPS towards the backend. */
const NGINX_BACKEND_HTTPS = { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' };

/** Props of {@link PikaIngress}. */
export interface PikaIngressProps {
  /** The cluster whose UI and API the Ingress exposes. */
  readonly cluster: PikaCluster;
  /**
   * Host name the Ingress answers for.
   * @default - any host
   */
  readonly host?: string;
  /**
   * IngressClass of the controller.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * A `kubernetes.io/tls` Secret for the public TLS the Ingress ends.
   * @default - no TLS at the Ingress
   */
  readonly tlsSecretName?: string;
  /**
   * Extra annotations for the controller.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Annotations that make the controller speak HTTPS to Pika, used when Pika serves TLS in the pod.
   * @default - ingress-nginx's `nginx.ingress.kubernetes.io/backend-protocol: HTTPS`
   */
  readonly backendHttpsAnnotations?: { [key: string]: string };
  /**
   * Name of the Ingress.
   * @default - the cluster's name
   */
  readonly name?: string;
  /**
   * Where the ingress controller runs. With the cluster's NetworkPolicy, these peers are admitted
   * to the HTTP port, and the prop is required then: the policy drops all traffic it does not admit.
   * @default - no rule (required when the cluster has a NetworkPolicy)
   */
  readonly allowFrom?: NetworkPeer[];
}

/**
 * Exposes a Pika cluster through a networking.k8s.io/v1 Ingress. Ingress has no portable way to
 * strip a prefix, so the path is Pika's base path (or `/`), forwarded unchanged; use
 * {@link PikaHttpRoute} to serve Pika at the root under a sub-path.
 */
export class PikaIngress extends Construct {
  /** The Ingress. */
  public readonly ingress: ApiObject;
  private readonly backendHttpsAnnotations: { [key: string]: string };

  /**
   * @param scope the chart or construct this belongs to
   * @param id the construct id; object names come from the props, not from the id
   * @param props the cluster to route to, the host and the ingress class
   */
  constructor(scope: Construct, id: string, props: PikaIngressProps) {
    super(scope, id);
    throwIfProblems(this, KIND, checkPropsShape('cdk8s-pika-piko.PikaIngressProps', props));
    const cluster = props.cluster;
    const name = props.name ?? cluster.name;
    this.backendHttpsAnnotations = cluster.tlsEnabled ? props.backendHttpsAnnotations ?? NGINX_BACKEND_HTTPS : {};
    throwIfProblems(this, KIND, [
      checkServiceName('name', name),
      props.host === undefined ? undefined : checkDnsSubdomain('host', props.host.replace(/^\*\./, ''), 'pika.example.com'),
      props.ingressClassName === undefined ? undefined : checkDnsSubdomain('ingressClassName', props.ingressClassName, 'nginx'),
      props.tlsSecretName === undefined ? undefined : checkDnsSubdomain('tlsSecretName', props.tlsSecretName, 'pika-public-tls'),
      ...checkAnnotationKeys('annotations', { ...props.annotations, ...this.backendHttpsAnnotations }),
      ...admitIntegration(cluster.networkPolicy, cluster.httpPort, props.allowFrom, 'the ingress controller', "NetworkPeer.namespaceNamed('ingress-nginx')"),
    ].filter((p): p is Problem => p !== undefined));

    this.ingress = manifestObject(this, 'Ingress', k8s.KubeIngress.GVK, k8s.toJson_KubeIngressProps, {
      metadata: {
        name,
        namespace: cluster.namespace,
        labels: { ...cluster.selectorLabels, 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko' },
        annotations: { ...props.annotations, ...this.backendHttpsAnnotations },
      },
      spec: {
        ingressClassName: props.ingressClassName,
        tls: props.tlsSecretName === undefined
          ? undefined
          : [{ hosts: props.host === undefined ? undefined : [props.host], secretName: props.tlsSecretName }],
        rules: [{
          host: props.host,
          http: {
            paths: [{
              path: cluster.basePath === '' ? '/' : cluster.basePath,
              pathType: 'Prefix',
              backend: { service: { name: cluster.service.name, port: { number: cluster.httpPort } } },
            }],
          },
        }],
      },
    });
    const objects = [...apiObjectsOf(this), ...apiObjectsOf(cluster)];
    // The backend-protocol annotations are read from the Ingress's metadata.
    addSynthChecks(this, KIND, { objects: () => objects, metadataOf: [this.ingress] }, () => this.checkFinalObjects(cluster, props.allowFrom));
  }

  private checkFinalObjects(cluster: PikaCluster, allowFrom: NetworkPeer[] | undefined): CheckResult {
    const ingress = finalJson(this.ingress);
    const service = finalJson(cluster.service);
    const config = cluster._effectiveConfig();
    const path: Manifest | undefined = ingress.spec?.rules?.[0]?.http?.paths?.[0];
    const backend = path?.backend?.service;
    const problems: Problem[] = checkIntegrationObjects([this.ingress], cluster.namespace);
    const servicePorts: number[] = (service.spec?.ports ?? []).map((p: Manifest) => p.port);
    const reachesService = backend?.name === service.metadata?.name && ingress.metadata?.namespace === service.metadata?.namespace;
    if (!reachesService || !servicePorts.includes(backend?.port?.number)) {
      problems.push({
        setting: `${describeObject(ingress)} backend`,
        rule: `must be a port of the Service "${service.metadata?.name}" (${servicePorts.join(', ')}) in namespace "${service.metadata?.namespace}"`,
        found: backend,
        fix: 'remove the patch that changes the backend',
      });
    }
    const basePath = config.basePath();
    const prefix = typeof path?.path === 'string' ? path.path.replace(/\/+$/, '') : undefined;
    if (prefix !== basePath) {
      problems.push({
        setting: `${describeObject(ingress)} path`,
        rule: `must be Pika's server.base_path "${basePath || '/'}": an Ingress forwards the path unchanged`,
        found: path?.path,
        fix: 'set the cluster\'s server.basePath to the path, or route through PikaHttpRoute with prefixHandling STRIP',
      });
    }
    const annotations = ingress.metadata?.annotations ?? {};
    const missing = Object.keys(this.backendHttpsAnnotations).filter((key) => annotations[key] !== this.backendHttpsAnnotations[key]);
    if (config.tlsEnabled() && (missing.length > 0 || Object.keys(this.backendHttpsAnnotations).length === 0)) {
      problems.push({
        setting: `${describeObject(ingress)} metadata.annotations`,
        rule: 'must tell the controller to speak HTTPS to Pika, which serves TLS in the pod',
        found: annotations,
        fix: 'set backendHttpsAnnotations for your controller (ingress-nginx: nginx.ingress.kubernetes.io/backend-protocol: HTTPS)',
      });
    }
    if (cluster.networkPolicy !== undefined && allowFrom !== undefined) {
      problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), cluster.httpPort, allowFrom, 'the ingress controller (PikaIngress allowFrom)'));
    }
    return { problems, warnings: [] };
  }
}
