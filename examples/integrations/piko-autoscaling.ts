import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { NetworkPeer, PikoCluster, PikoMonitor } from '../../lib';

/**
 * A Piko cluster whose node count follows its CPU use: a HorizontalPodAutoscaler runs 3 to 12
 * nodes, the StatefulSet leaves the count to it, and rebalancing moves upstream connections onto
 * nodes it adds. Prometheus scrapes every node, whatever the count, through the NetworkPolicy.
 */
export class PikoAutoscalingChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'edge' });
    const piko = new PikoCluster(this, 'piko', {
      autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70, scaleDownStabilization: Duration.minutes(10) },
      upstream: { rebalance: { threshold: 0.2 } },
      networkPolicy: { proxyFrom: [NetworkPeer.namespaceNamed('apps')] },
    });
    new PikoMonitor(this, 'metrics', {
      cluster: piko,
      interval: Duration.seconds(30),
      allowFrom: [NetworkPeer.podsInNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' })],
    });
  }
}

const app = new App();
new PikoAutoscalingChart(app, 'piko-autoscaling');
app.synth();
