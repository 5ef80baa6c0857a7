import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checksum, pikaConfig, pikaLabels, pikoConfig, pikoLabels, POD_SECURITY_LABELS } from './baseline';

// The benchmark's second baseline: the objects PikaCluster and PikoCluster render by default,
// written by hand as a user of cdk8s-plus-28's L2 classes would write them (Namespace,
// ServiceAccount, ConfigMap, Service, StatefulSet, an imported Secret for the env reference).
// What those classes cannot express is added the way their docs suggest: the PodDisruptionBudget
// as an L1 object, and the StatefulSet's volume claim template, PVC retention policy, topology
// spread, pod seccomp profile and enableServiceLinks as JSON patches on its ApiObject.
//
// The output is not byte-identical to the constructs': cdk8s-plus adds its own defaults (the
// `cdk8s.io/metadata.addr` pod label and selectors, restartPolicy, dnsPolicy, minReadySeconds,
// ...), takes numbers for target and probe ports, and writes 1Gi as 1024Mi. The objects, their
// names, ports, labels and config files are the same; a test holds the kinds, names and
// namespaces to the constructs'. The labels, config files and checksum come from baseline.ts.

type Labels = { [key: string]: string };

/** The hardened container security context both clusters use. */
const containerSecurity: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  user: 65532,
  group: 65532,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};

interface StatefulSetOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly selector: Labels;
  readonly data: { [key: string]: string };
  readonly service: kplus.Service;
  readonly serviceAccount: kplus.ServiceAccount;
  readonly grace: number;
  readonly container: kplus.ContainerProps;
}

/** The StatefulSet both clusters share the shape of: 3 ordered replicas, hardened pod, spread out. */
function statefulSet(chart: Chart, id: string, options: StatefulSetOptions): kplus.StatefulSet {
  const { name, namespace, labels, selector } = options;
  const sts = new kplus.StatefulSet(chart, id, {
    metadata: { name, namespace, labels },
    // The constructs select pods by their own labels; kplus would select by its address label.
    select: false,
    podMetadata: { labels, annotations: { 'checksum/config': checksum(options.data) } },
    service: options.service,
    replicas: 3,
    podManagementPolicy: kplus.PodManagementPolicy.ORDERED_READY,
    strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 0 }),
    serviceAccount: options.serviceAccount,
    automountServiceAccountToken: false,
    terminationGracePeriod: Duration.seconds(options.grace),
    securityContext: {
      ensureNonRoot: true, user: 65532, group: 65532, fsGroup: 65532, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
    },
    containers: [{ ...options.container, imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT, securityContext: containerSecurity }],
  });
  sts.select(kplus.LabelSelector.of({ labels: selector }));
  sts.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: 100 });
  // No L2 API for these in cdk8s-plus-28.
  ApiObject.of(sts).addJsonPatch(
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    JsonPatch.add('/spec/template/spec/enableServiceLinks', false),
    JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    ]),
  );
  return sts;
}

interface Metadata { readonly name: string; readonly namespace: string; readonly labels: Labels }

/** A Service selecting the cluster's pods by the constructs' selector labels. */
function service(chart: Chart, id: string, metadata: Metadata, selector: Labels, props: kplus.ServiceProps): kplus.Service {
  const svc = new kplus.Service(chart, id, { metadata, ...props });
  for (const [key, value] of Object.entries(selector)) svc.selectLabel(key, value);
  return svc;
}

const tcp = (name: string, number: number): kplus.ServicePort => ({ name, port: number, targetPort: number, protocol: kplus.Protocol.TCP });

/** PikaCluster's default objects for this name and namespace, written with L2 classes. */
export function l2Pika(chart: Chart, id: string, name: string, namespace: string): void {
  const { selector, labels } = pikaLabels(name);
  const metadata = (n: string) => ({ name: n, namespace, labels });
  const data = pikaConfig(name, namespace);
  new kplus.Namespace(chart, `${id}-ns`, { metadata: { name: namespace, labels: POD_SECURITY_LABELS } });
  const serviceAccount = new kplus.ServiceAccount(chart, `${id}-sa`, { metadata: metadata(name), automountToken: false });
  const configMap = new kplus.ConfigMap(chart, `${id}-cm`, { metadata: metadata(name), data });
  const headless = service(chart, `${id}-headless`, metadata(`${name}-cluster`), selector, {
    clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'cluster', port: 5000, targetPort: 5000, protocol: kplus.Protocol.UDP }],
  });
  service(chart, `${id}-svc`, metadata(name), selector, { type: kplus.ServiceType.CLUSTER_IP, ports: [tcp('http', 8080)] });
  const probe = (delay: number, period: number) => kplus.Probe.fromHttpGet('/healthz', {
    port: 8080, scheme: kplus.ConnectionScheme.HTTP, initialDelaySeconds: Duration.seconds(delay), periodSeconds: Duration.seconds(period),
  });
  const secret = kplus.Secret.fromSecretName(chart, `${id}-secret`, `${name}-cluster`);
  const sts = statefulSet(chart, `${id}-sts`, {
    name,
    namespace,
    labels,
    selector,
    data,
    service: headless,
    serviceAccount,
    grace: 30,
    container: {
      name: 'pika',
      image: 'ghcr.io/rakunlabs/pika:v0.3.0',
      ports: [{ name: 'http', number: 8080, protocol: kplus.Protocol.TCP }, { name: 'cluster', number: 5000, protocol: kplus.Protocol.UDP }],
      envVariables: { PIKA_CLUSTER_SECURITY_KEY: kplus.EnvValue.fromSecretValue({ secret, key: 'security_key' }) },
      volumeMounts: [
        { path: '/pika.yaml', subPath: 'pika.yaml', readOnly: true, volume: kplus.Volume.fromConfigMap(chart, `${id}-config`, configMap, { name: 'config' }) },
        { path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${id}-tmp`, 'tmp') },
      ],
      liveness: probe(10, 10),
      readiness: probe(5, 5),
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
        memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
      },
    },
  });
  // The data volume comes from a claim template, which cdk8s-plus-28 has no API for. The storage
  // request must be a Quantity even in a patch: KubeStatefulSet serializes the patched spec through
  // its typed converter, which writes a plain string as null.
  ApiObject.of(sts).addJsonPatch(
    JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/1', { name: 'data', mountPath: '/data' }),
    JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }),
    JsonPatch.add('/spec/volumeClaimTemplates', [
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kplus.k8s.Quantity.fromString('1Gi') } } } },
    ]),
  );
  new kplus.k8s.KubePodDisruptionBudget(chart, `${id}-pdb`, {
    metadata: metadata(name), spec: { minAvailable: kplus.k8s.IntOrString.fromNumber(2), selector: { matchLabels: selector } },
  });
}

/** PikoCluster's default objects for this name and namespace, written with L2 classes. */
export function l2Piko(chart: Chart, id: string, name: string, namespace: string): void {
  const { selector, labels } = pikoLabels(name);
  const metadata = (n: string) => ({ name: n, namespace, labels });
  const data = pikoConfig(name, namespace);
  new kplus.Namespace(chart, `${id}-ns`, { metadata: { name: namespace, labels: POD_SECURITY_LABELS } });
  const serviceAccount = new kplus.ServiceAccount(chart, `${id}-sa`, { metadata: metadata(name), automountToken: false });
  const configMap = new kplus.ConfigMap(chart, `${id}-cm`, { metadata: metadata(name), data });
  const headless = service(chart, `${id}-headless`, metadata(name), selector, {
    clusterIP: 'None',
    publishNotReadyAddresses: true,
    ports: [tcp('proxy', 8000), tcp('upstream', 8001), tcp('admin', 8002), tcp('gossip', 8003), { name: 'gossip-udp', port: 8003, targetPort: 8003, protocol: kplus.Protocol.UDP }],
  });
  service(chart, `${id}-proxy`, metadata(`${name}-proxy`), selector, { type: kplus.ServiceType.CLUSTER_IP, ports: [tcp('proxy', 8000)] });
  service(chart, `${id}-upstream`, metadata(`${name}-upstream`), selector, { type: kplus.ServiceType.CLUSTER_IP, ports: [tcp('upstream', 8001)] });
  const admin = { port: 8002, scheme: kplus.ConnectionScheme.HTTP };
  const amount = { request: Size.gibibytes(1), limit: Size.gibibytes(1) };
  const port = (n: string, number: number, protocol = kplus.Protocol.TCP) => ({ name: n, number, protocol });
  statefulSet(chart, `${id}-sts`, {
    name,
    namespace,
    labels,
    selector,
    data,
    service: headless,
    serviceAccount,
    grace: 75,
    container: {
      name: 'piko',
      image: 'ghcr.io/andydunstall/piko:v0.10.0',
      args: ['server', '--config.path', '/config/server.yaml', '--config.expand-env'],
      ports: [port('proxy', 8000), port('upstream', 8001), port('admin', 8002), port('gossip', 8003), port('gossip-udp', 8003, kplus.Protocol.UDP)],
      envVariables: {
        POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
        POD_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP),
      },
      volumeMounts: [
        {
          path: '/config',
          readOnly: true,
          volume: kplus.Volume.fromConfigMap(chart, `${id}-config`, configMap, { name: 'config', items: { 'server.yaml': { path: 'server.yaml' } } }),
        },
        { path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${id}-tmp`, 'tmp') },
      ],
      readiness: kplus.Probe.fromHttpGet('/ready', { ...admin, periodSeconds: Duration.seconds(5) }),
      liveness: kplus.Probe.fromHttpGet('/health', { ...admin, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(10) }),
      resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(250) }, memory: amount, ephemeralStorage: amount },
    },
  });
  new kplus.k8s.KubePodDisruptionBudget(chart, `${id}-pdb`, {
    metadata: metadata(name), spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });
}
