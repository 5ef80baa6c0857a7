import { createHash } from 'crypto';
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

// The benchmark's baseline: the objects PikaCluster and PikoCluster render by default, built
// directly with cdk8s-plus-28's k8s classes, with no settings resolution and no validation. A
// test holds its output byte-identical to the constructs', so the comparison stays fair. The
// labels, config files and checksum are exported so that the L2 baseline (l2-baseline.ts) writes
// exactly the same ones.

// What the constructs label their Namespaces with: the pods meet the restricted profile.
export const POD_SECURITY_LABELS = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' };

const hardenedContainer = {
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

function podSpec(name: string, selector: { [key: string]: string }, grace: number, container: k8s.Container, volumes: k8s.Volume[]): k8s.PodSpec {
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: grace,
    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } },
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } } }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
    containers: [{ ...container, ...hardenedContainer, volumeMounts: [...container.volumeMounts ?? [], { name: 'tmp', mountPath: '/tmp' }] }],
    volumes: [...volumes, { name: 'tmp', emptyDir: {} }],
  };
}

export const checksum = (data: { [key: string]: string }) => createHash('sha256').update(JSON.stringify(data)).digest('hex');

/** PikaCluster's default pod selector and labels. */
export function pikaLabels(name: string) {
  const selector = { 'app.kubernetes.io/name': name };
  const labels = {
    ...selector,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': 'config-server',
    'app.kubernetes.io/managed-by': 'cdk8s-pika-piko',
    'app.kubernetes.io/version': 'v0.3.0',
  };
  return { selector, labels };
}

/** PikaCluster's default ConfigMap data. */
export function pikaConfig(name: string, namespace: string): { [key: string]: string } {
  return {
    'pika.yaml': `log_level: info\nserver:\n  port: "8080"\n  tls:\n    enabled: false\nstorage:\n  bw:\n    path: /data/pika\ncluster:\n  enabled: true\n  dns_addr: ${name}-cluster.${namespace}.svc.cluster.local\n  replicas: 3\n  port: 5000\n`,
  };
}

/** PikaCluster's default objects for this name and namespace. */
export function baselinePika(chart: Chart, id: string, name: string, namespace: string): void {
  const { selector, labels } = pikaLabels(name);
  const metadata = (n: string) => ({ name: n, namespace, labels });
  const data = pikaConfig(name, namespace);
  const probe = (delay: number, period: number) => ({
    httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' }, initialDelaySeconds: delay, periodSeconds: period,
  });
  new k8s.KubeNamespace(chart, `${id}-ns`, { metadata: { name: namespace, labels: POD_SECURITY_LABELS } });
  new k8s.KubeServiceAccount(chart, `${id}-sa`, { metadata: metadata(name), automountServiceAccountToken: false });
  new k8s.KubeConfigMap(chart, `${id}-cm`, { metadata: metadata(name), data });
  new k8s.KubeService(chart, `${id}-headless`, {
    metadata: metadata(`${name}-cluster`),
    spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: [{ name: 'cluster', port: 5000, targetPort: k8s.IntOrString.fromString('cluster'), protocol: 'UDP' }] },
  });
  new k8s.KubeService(chart, `${id}-svc`, {
    metadata: metadata(name),
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 8080, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] },
  });
  new k8s.KubeStatefulSet(chart, `${id}-sts`, {
    metadata: metadata(name),
    spec: {
      replicas: 3,
      serviceName: `${name}-cluster`,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels, annotations: { 'checksum/config': checksum(data) } },
        spec: podSpec(name, selector, 30, {
          name: 'pika',
          image: 'ghcr.io/rakunlabs/pika:v0.3.0',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'cluster', containerPort: 5000, protocol: 'UDP' }],
          env: [{ name: 'PIKA_CLUSTER_SECURITY_KEY', valueFrom: { secretKeyRef: { name: `${name}-cluster`, key: 'security_key' } } }],
          volumeMounts: [{ name: 'config', mountPath: '/pika.yaml', subPath: 'pika.yaml', readOnly: true }, { name: 'data', mountPath: '/data' }],
          livenessProbe: probe(10, 10),
          readinessProbe: probe(5, 5),
          lifecycle: { preStop: { exec: { command: ['/bin/sleep', '5'] } } },
          resources: {
            requests: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('512Mi') },
            limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('1Gi') },
          },
        }, [{ name: 'config', configMap: { name } }]),
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('1Gi') } } } }],
    },
  });
  new k8s.KubePodDisruptionBudget(chart, `${id}-pdb`, { metadata: metadata(name), spec: { minAvailable: k8s.IntOrString.fromNumber(2), selector: { matchLabels: selector } } });
}

/** PikoCluster's default pod selector and labels. */
export function pikoLabels(name: string) {
  const selector = { 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': name };
  const labels = { ...selector, 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'cdk8s-pika-piko', 'app.kubernetes.io/version': 'v0.10.0' };
  return { selector, labels };
}

/** PikoCluster's default ConfigMap data. */
export function pikoConfig(name: string, namespace: string): { [key: string]: string } {
  return {
    'server.yaml': `proxy:\n  bind_addr: :8000\n  advertise_addr: "\${POD_IP}:8000"\nupstream:\n  bind_addr: :8001\nadmin:\n  bind_addr: :8002\n  advertise_addr: "\${POD_IP}:8002"\ncluster:\n  node_id_prefix: "\${POD_NAME}-"\n  join:\n    - ${name}.${namespace}.svc.cluster.local\n  gossip:\n    bind_addr: :8003\n    advertise_addr: "\${POD_IP}:8003"\nlog:\n  level: info\ngrace_period: 1m\n`,
  };
}

/** PikoCluster's default objects for this name and namespace. */
export function baselinePiko(chart: Chart, id: string, name: string, namespace: string): void {
  const { selector, labels } = pikoLabels(name);
  const metadata = (n: string) => ({ name: n, namespace, labels });
  const data = pikoConfig(name, namespace);
  const port = (n: string, number: number, protocol = 'TCP') => ({ name: n, port: number, targetPort: k8s.IntOrString.fromString(n), protocol });
  const amounts = { 'cpu': k8s.Quantity.fromString('250m'), 'memory': k8s.Quantity.fromString('1Gi'), 'ephemeral-storage': k8s.Quantity.fromString('1Gi') };
  new k8s.KubeNamespace(chart, `${id}-ns`, { metadata: { name: namespace, labels: POD_SECURITY_LABELS } });
  new k8s.KubeServiceAccount(chart, `${id}-sa`, { metadata: metadata(name), automountServiceAccountToken: false });
  new k8s.KubeConfigMap(chart, `${id}-cm`, { metadata: metadata(name), data });
  new k8s.KubeService(chart, `${id}-headless`, {
    metadata: metadata(name),
    spec: {
      clusterIp: 'None',
      publishNotReadyAddresses: true,
      selector,
      ports: [port('proxy', 8000), port('upstream', 8001), port('admin', 8002), port('gossip', 8003), port('gossip-udp', 8003, 'UDP')],
    },
  });
  new k8s.KubeService(chart, `${id}-proxy`, { metadata: metadata(`${name}-proxy`), spec: { type: 'ClusterIP', selector, ports: [port('proxy', 8000)] } });
  new k8s.KubeService(chart, `${id}-upstream`, { metadata: metadata(`${name}-upstream`), spec: { type: 'ClusterIP', selector, ports: [port('upstream', 8001)] } });
  const admin = k8s.IntOrString.fromString('admin');
  new k8s.KubeStatefulSet(chart, `${id}-sts`, {
    metadata: metadata(name),
    spec: {
      replicas: 3,
      serviceName: name,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels, annotations: { 'checksum/config': checksum(data) } },
        spec: podSpec(name, selector, 75, {
          name: 'piko',
          image: 'ghcr.io/andydunstall/piko:v0.10.0',
          imagePullPolicy: 'IfNotPresent',
          args: ['server', '--config.path', '/config/server.yaml', '--config.expand-env'],
          ports: [
            { name: 'proxy', containerPort: 8000, protocol: 'TCP' }, { name: 'upstream', containerPort: 8001, protocol: 'TCP' },
            { name: 'admin', containerPort: 8002, protocol: 'TCP' }, { name: 'gossip', containerPort: 8003, protocol: 'TCP' },
            { name: 'gossip-udp', containerPort: 8003, protocol: 'UDP' },
          ],
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          ],
          volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }],
          readinessProbe: { httpGet: { path: '/ready', port: admin, scheme: 'HTTP' }, periodSeconds: 5 },
          livenessProbe: { httpGet: { path: '/health', port: admin, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10 },
          lifecycle: { preStop: { exec: { command: ['/bin/sleep', '5'] } } },
          resources: { requests: amounts, limits: amounts },
        }, [{ name: 'config', configMap: { name, items: [{ key: 'server.yaml', path: 'server.yaml' }] } }]),
      },
    },
  });
  new k8s.KubePodDisruptionBudget(chart, `${id}-pdb`, { metadata: metadata(name), spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } } });
}
