import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LogLevel, NetworkPeer, PikoAuth, PikoCluster, PikoTls, PikoHeaderFilter, ServiceExposure } from '../lib';

/**
 * A production-shaped Piko cluster with most options in use: upstreams and proxy clients
 * authenticate with JWTs, the upstream port sits behind a LoadBalancer with TLS from a
 * cert-manager Secret, connections rebalance after scale-out, and a NetworkPolicy limits who
 * reaches which port.
 */
export class PikoProductionChart extends Chart {
  public readonly piko: PikoCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.piko = new PikoCluster(this, 'piko', {
      name: 'edge',
      namespace: 'edge-proxy',
      replicas: 5,
      resources: {
        cpu: { request: Cpu.millis(500), limit: Cpu.units(1) },
        memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) },
      },
      ports: { proxy: 9000, upstream: 9001, admin: 9002, gossip: 9003 },
      join: { timeout: Duration.minutes(2) },
      gossip: { interval: Duration.millis(200) },
      proxy: {
        timeout: Duration.seconds(60),
        http: { writeTimeout: Duration.seconds(60) },
        accessLog: { level: LogLevel.INFO, requestHeaders: PikoHeaderFilter.block(['Authorization', 'Cookie']) },
        auth: PikoAuth.jwks('https://auth.example.com/.well-known/jwks.json', { audience: 'piko-proxy', cacheTtl: Duration.minutes(10) }),
      },
      upstream: {
        auth: PikoAuth.rsaPublicKey('edge-upstream-auth', 'public.pem', { issuer: 'https://auth.example.com' }),
        tls: PikoTls.fromSecret('edge-upstream-tls'),
        rebalance: { threshold: 0.2, shedRate: 0.01, minConns: 100 },
        service: ServiceExposure.loadBalancer({
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
          sourceRanges: ['203.0.113.0/24'],
        }),
      },
      admin: { auth: PikoAuth.hmac('edge-admin-auth', 'hmac') },
      gracePeriod: Duration.seconds(45),
      preStopPause: Duration.seconds(10),
      probes: { readiness: { period: Duration.seconds(10), failureThreshold: 2 } },
      logLevel: LogLevel.INFO,
      logSubsystems: ['gossip'],
      podLabels: { team: 'edge' },
      scheduling: { priorityClassName: 'edge-critical' },
      networkPolicy: {
        proxyFrom: [NetworkPeer.namespaceNamed('apps')],
        adminFrom: [NetworkPeer.podsInNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' })],
      },
    });
  }
}
