import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PikaCluster, PikoAuth, PikoCluster, PikoMonitor, PikoMonitorKind } from '../../lib';

/**
 * Observability for both servers. Piko's Prometheus metrics are scraped through a ServiceMonitor
 * with a bearer token, since its admin port requires one. Pika exports metrics and traces with
 * OpenTelemetry to an in-cluster collector.
 */
export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const piko = new PikoCluster(this, 'piko', { admin: { auth: PikoAuth.hmac('piko-admin', 'hmac') } });
    new PikoMonitor(this, 'metrics', {
      cluster: piko,
      kind: PikoMonitorKind.SERVICE_MONITOR,
      namespace: 'monitoring',
      labels: { release: 'kube-prometheus-stack' },
      interval: Duration.seconds(30),
      bearerToken: { secretName: 'piko-metrics-token', key: 'token' },
    });
    new PikaCluster(this, 'pika', {
      telemetry: { collector: 'otel-collector.observability.svc:4317', serviceName: 'pika' },
    });
  }
}

const app = new App();
new MonitoringChart(app, 'monitoring');
app.synth();
