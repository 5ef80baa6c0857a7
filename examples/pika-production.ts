import { Chart, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClaimRetention, LogLevel, NetworkPeer, PikaCluster, PikaSecurityKey, PikaServerTls } from '../lib';

/**
 * A production-shaped Pika cluster with every option in use: five members behind a Gateway that
 * forwards `/pika` unstripped, HTTPS in the pod from a cert-manager Secret, a public endpoint for
 * unauthenticated `/data` reads, OpenTelemetry export and a NetworkPolicy.
 */
export class PikaProductionChart extends Chart {
  public readonly pika: PikaCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.pika = new PikaCluster(this, 'pika', {
      name: 'config',
      namespace: 'platform-config',
      replicas: 5,
      resources: {
        cpu: { request: Cpu.millis(500), limit: Cpu.units(2) },
        memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
      },
      storage: {
        size: Size.gibibytes(20),
        storageClassName: 'fast-ssd',
        accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
        whenDeleted: ClaimRetention.RETAIN,
        whenScaled: ClaimRetention.DELETE,
      },
      server: { port: 8443, basePath: '/pika', tls: PikaServerTls.fromSecret('config-tls') },
      clusterDomain: 'prod.example.internal',
      clustering: {
        port: 5001,
        refreshInterval: Duration.seconds(15),
        heartbeatInterval: Duration.seconds(5),
        heartbeatTimeout: Duration.seconds(20),
        syncInterval: Duration.minutes(2),
        forwardTimeout: Duration.seconds(10),
        lockKey: 'platform-config-leader',
      },
      securityKey: PikaSecurityKey.fromSecret('config-peer-key', 'psk'),
      endpoints: [{ name: 'public', port: 9090 }],
      telemetry: { collector: 'otel-collector.observability.svc:4317', serviceName: 'platform-config' },
      logLevel: LogLevel.WARN,
      env: { TZ: EnvValue.fromValue('UTC') },
      podLabels: { team: 'platform' },
      podAnnotations: { 'example.com/owner': 'platform-team' },
      scheduling: {
        nodeSelector: { 'node.kubernetes.io/pool': 'stateful' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'stateful', effect: 'NoSchedule' }],
        priorityClassName: 'platform-critical',
      },
      podSecurity: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
      networkPolicy: { httpFrom: [NetworkPeer.namespaceNamed('gateway-system'), NetworkPeer.podsWithLabels({ 'uses-config': 'true' })] },
      imagePullSecrets: ['registry-credentials'],
      probes: { startup: { period: Duration.seconds(5), failureThreshold: 30 } },
      preStopPause: Duration.seconds(10),
      terminationGracePeriod: Duration.seconds(45),
      config: { audit: { retention: '720h' }, server: { limits: { request_body_mb: 64 } } },
    });
  }
}
