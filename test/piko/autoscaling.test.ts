import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { DisruptionBudget, NetworkPeer, PikaCluster, PikoCluster, PikoClusterProps, PikoMonitor, PikoTls } from '../../lib';
import { schemaErrors } from '../support/schema';
import { captureWarnings, findObject, Manifest, pikoPropsError, pikoSynthError, synthPiko } from '../support/synth';

// An autoscaler drives Piko's node count: the objects it needs, the props it refuses, and the
// count-dependent rules held at both ends of its range (after patches, like every synth rule).

const RANGE = { minReplicas: 2, maxReplicas: 6 };

function expectRejected(props: PikoClusterProps, ...lines: string[]) {
  const message = pikoPropsError(props);
  expect(message).toContain('Invalid PikoCluster props');
  for (const line of lines) {
    expect(message).toContain(`  [test/piko] PikoCluster ${line}`);
  }
}

function expectSynthFailure(props: PikoClusterProps, change: ((piko: PikoCluster) => void) | undefined, ...lines: string[]) {
  const message = pikoSynthError(props, change);
  expect(message).toContain('Validation failed with the following errors:');
  for (const line of lines) {
    expect(message).toContain(`[test/piko] PikoCluster ${line}`);
  }
}

const patchAutoscaler = (...patches: JsonPatch[]) => (piko: PikoCluster) => ApiObject.of(piko.horizontalPodAutoscaler!).addJsonPatch(...patches);

describe('the HorizontalPodAutoscaler', () => {
  let objects: Manifest[];
  beforeAll(() => {
    objects = synthPiko({ autoscaling: { ...RANGE, cpuUtilization: 70, memoryUtilization: 85, scaleDownStabilization: Duration.minutes(10) } });
  });

  test('scales the StatefulSet between the bounds on CPU and memory', () => {
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'piko')).toMatchObject({
      apiVersion: 'autoscaling/v2',
      metadata: { namespace: 'piko', labels: { 'app.kubernetes.io/name': 'piko', 'app.kubernetes.io/instance': 'piko' } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'piko' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 85 } } },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
      },
    });
  });

  test('the StatefulSet leaves spec.replicas to it, so a re-apply does not reset the count', () => {
    expect(findObject(objects, 'StatefulSet', 'piko').spec).not.toHaveProperty('replicas');
    expect(findObject(synthPiko(), 'StatefulSet', 'piko').spec.replicas).toBe(3);
  });

  test('passes the Kubernetes schema', () => {
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test('defaults: two to max nodes at 80% CPU, Kubernetes\' own scaling behavior', () => {
    const autoscaler = findObject(synthPiko({ autoscaling: { maxReplicas: 5 } }), 'HorizontalPodAutoscaler', 'piko');
    expect(autoscaler.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'piko' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  test('a memory target alone replaces the CPU default', () => {
    const autoscaler = findObject(synthPiko({ autoscaling: { maxReplicas: 5, memoryUtilization: 75 } }), 'HorizontalPodAutoscaler', 'piko');
    expect(autoscaler.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } }]);
  });

  test('is a public field with a stable id, absent without autoscaling', () => {
    const chart = Testing.chart();
    const piko = new PikoCluster(chart, 'piko', { autoscaling: RANGE });
    expect(piko.horizontalPodAutoscaler?.node.id).toBe('HorizontalPodAutoscaler');
    expect(piko.replicas).toBe(2);
    expect(new PikoCluster(chart, 'fixed', { name: 'fixed' }).horizontalPodAutoscaler).toBeUndefined();
  });

  test('Services, NetworkPolicy and a PikoMonitor are the same as with a fixed count', () => {
    const build = (autoscaled: boolean) => {
      const chart = Testing.chart();
      const piko = new PikoCluster(chart, 'piko', autoscaled ? { autoscaling: RANGE, networkPolicy: {} } : { replicas: 2, networkPolicy: {} });
      new PikoMonitor(chart, 'monitor', { cluster: piko, allowFrom: [NetworkPeer.namespaceNamed('monitoring')] });
      return Testing.synth(chart).filter((o) => !['StatefulSet', 'HorizontalPodAutoscaler'].includes(o.kind));
    };
    expect(build(true)).toEqual(build(false));
  });
});

describe('autoscaling props', () => {
  test('replicas and autoscaling together are refused', () => {
    expectRejected({ replicas: 3, autoscaling: RANGE },
      'replicas must be unset with autoscaling: the HorizontalPodAutoscaler sets the count, from autoscaling.minReplicas to autoscaling.maxReplicas (found 3). Fix: remove replicas (set autoscaling.minReplicas instead), or remove autoscaling for a fixed count');
  });

  test('bounds: minReplicas at least 1, maxReplicas at least minReplicas, both int32', () => {
    expectRejected({ autoscaling: { minReplicas: 0, maxReplicas: 2 ** 31 } },
      'autoscaling.minReplicas must be a whole number of at least 1 (found 0). Fix: use 1 or more; Piko has no quorum, and 3 survives losing a node without a gap',
      'autoscaling.maxReplicas must be at most 2147483647, the largest value Kubernetes stores there (found 2147483648)');
    expectRejected({ autoscaling: { minReplicas: 4, maxReplicas: 3 } },
      'autoscaling.maxReplicas must be at least autoscaling.minReplicas (4): Kubernetes refuses an autoscaler whose range is empty (found 3). Fix: raise maxReplicas to 4 or more, or lower minReplicas');
    expectRejected({ autoscaling: { minReplicas: 1.5, maxReplicas: 0 } },
      'autoscaling.minReplicas must be a whole number of at least 1 (found 1.5)',
      'autoscaling.maxReplicas must be a whole number of at least 1 (found 0). Fix: use the most nodes the cluster may run, e.g. 10');
    expect(() => synthPiko({ autoscaling: { minReplicas: 1, maxReplicas: 1 } })).not.toThrow();
  });

  test('utilization targets: whole percentages from 1; above 100 is allowed', () => {
    expectRejected({ autoscaling: { maxReplicas: 4, cpuUtilization: 0, memoryUtilization: 50.5 } },
      'autoscaling.cpuUtilization must be a whole number of at least 1 (found 0). Fix: use a percentage of the request such as 80; above 100 only with a limit above the request',
      'autoscaling.memoryUtilization must be a whole number of at least 1 (found 50.5)');
    expect(() => synthPiko({
      autoscaling: { maxReplicas: 4, cpuUtilization: 150 },
      resources: { cpu: { request: Cpu.millis(250), limit: Cpu.millis(500) } },
    })).not.toThrow();
  });

  test('scale-down stabilization: whole seconds up to an hour', () => {
    expectRejected({ autoscaling: { maxReplicas: 4, scaleDownStabilization: Duration.hours(2) } },
      'autoscaling.scaleDownStabilization must be whole seconds from 0 to 1 hour, the range Kubernetes accepts (found "7200000ms"). Fix: use e.g. Duration.minutes(5), or leave it unset for Kubernetes\' 5 minutes');
    expectRejected({ autoscaling: { maxReplicas: 4, scaleDownStabilization: Duration.millis(1500) } },
      'autoscaling.scaleDownStabilization must be whole seconds from 0 to 1 hour');
    expect(findObject(synthPiko({ autoscaling: { maxReplicas: 4, scaleDownStabilization: Duration.seconds(0) } }), 'HorizontalPodAutoscaler', 'piko')
      .spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 0 } });
  });

  test('a budget that keeps minReplicas pods is refused at that count', () => {
    expectRejected({ autoscaling: { minReplicas: 2, maxReplicas: 6 }, disruptionBudget: DisruptionBudget.minAvailable(2) },
      'disruptionBudget minAvailable must be below the 2 replicas of autoscaling.minReplicas: a budget that keeps every pod makes each node drain wait forever (found 2). Fix: use DisruptionBudget.serverDefault(), or a budget that lets at least one pod go');
    expect(() => synthPiko({ autoscaling: { minReplicas: 3, maxReplicas: 6 }, disruptionBudget: DisruptionBudget.minAvailable(2) })).not.toThrow();
  });

  test('PikaCluster has no autoscaling: its quorum membership is fixed', () => {
    let message = '';
    try {
      new PikaCluster(Testing.chart(), 'pika', { autoscaling: RANGE } as any);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('[test/pika] PikaCluster autoscaling is not a setting of PikaClusterProps (found {"minReplicas":2,"maxReplicas":6}). Fix: remove it; the settings are');
  });
});

describe('synth-time rules on the final autoscaler', () => {
  test('patched bounds Kubernetes would refuse', () => {
    expectSynthFailure({ autoscaling: RANGE }, patchAutoscaler(JsonPatch.replace('/spec/minReplicas', 0), JsonPatch.replace('/spec/maxReplicas', 1.5)),
      'HorizontalPodAutoscaler "piko" spec.minReplicas must be a whole number of at least 1 (found 0). Fix: set it through the autoscaling prop, and remove the patch',
      'HorizontalPodAutoscaler "piko" spec.maxReplicas must be a whole number of at least 1 (found 1.5)');
    expectSynthFailure({ autoscaling: RANGE }, patchAutoscaler(JsonPatch.replace('/spec/maxReplicas', 1)),
      'HorizontalPodAutoscaler "piko" spec.maxReplicas must be a whole number of at least 2 (found 1)');
  });

  test('at least one metric', () => {
    expectSynthFailure({ autoscaling: RANGE }, patchAutoscaler(JsonPatch.replace('/spec/metrics', [])),
      'HorizontalPodAutoscaler "piko" spec.metrics must list at least one metric: Kubernetes would fill in an 80% CPU target the manifests do not show (found []). Fix: set autoscaling.cpuUtilization or memoryUtilization, and remove the patch that empties the list');
  });

  test('a patched utilization target below 1', () => {
    expectSynthFailure({ autoscaling: RANGE }, patchAutoscaler(JsonPatch.replace('/spec/metrics/0/resource/target/averageUtilization', 0)),
      'HorizontalPodAutoscaler "piko" spec.metrics[0] averageUtilization must be a whole number of at least 1 (found 0)');
  });

  test('it must scale this StatefulSet', () => {
    expectSynthFailure({ autoscaling: RANGE }, patchAutoscaler(JsonPatch.replace('/spec/scaleTargetRef/name', 'other')),
      'HorizontalPodAutoscaler "piko" spec.scaleTargetRef must name StatefulSet "piko" (apps/v1): the autoscaler scales what it names (found {"apiVersion":"apps/v1","kind":"StatefulSet","name":"other"})');
  });

  test('a patched spec.replicas on the StatefulSet would fight the autoscaler', () => {
    expectSynthFailure({ autoscaling: RANGE }, (piko) => ApiObject.of(piko.statefulSet).addJsonPatch(JsonPatch.add('/spec/replicas', 3)),
      'StatefulSet "piko" spec.replicas must be absent while HorizontalPodAutoscaler "piko" sets the count: every server-side apply would take the field back and reset the autoscaler\'s count (found 3)');
  });

  test('a utilization target needs a request (or a limit) for its resource in every container', () => {
    expectSynthFailure({ autoscaling: { ...RANGE, memoryUtilization: 80 }, resources: { cpu: { request: Cpu.millis(250) } } }, undefined,
      'StatefulSet "piko" container "piko" resources.requests.memory must be set for HorizontalPodAutoscaler "piko"\'s memory utilization target: utilization is use over the pods\' requests, and without one the autoscaler never scales (found nothing). Fix: give the container a memory request (the resources prop for Piko\'s own), or drop the memory target from autoscaling');
    expect(pikoSynthError({ autoscaling: { ...RANGE, memoryUtilization: 80 }, resources: { cpu: { request: Cpu.millis(250) } } })).not.toContain('requests.cpu');
    // Kubernetes copies a limit into a missing request.
    expect(() => synthPiko({ autoscaling: RANGE, resources: { cpu: { limit: Cpu.millis(500) } } })).not.toThrow();
    expectSynthFailure({ autoscaling: RANGE }, (piko) => ApiObject.of(piko.statefulSet).addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources/requests/cpu'), JsonPatch.remove('/spec/template/spec/containers/0/resources/limits/cpu')),
      'StatefulSet "piko" container "piko" resources.requests.cpu must be set for HorizontalPodAutoscaler "piko"\'s cpu utilization target');
  });
});

describe('count-dependent rules hold at every count of the range', () => {
  test('a fixed node_id is refused when the autoscaler may add a second node', () => {
    expectSynthFailure({ autoscaling: { minReplicas: 1, maxReplicas: 3 }, config: { cluster: { node_id: 'edge-a' } } }, undefined,
      'ConfigMap "piko" server.yaml cluster.node_id must not be fixed with 3 replicas (HorizontalPodAutoscaler "piko" spec.maxReplicas): every node needs its own ID, new on every start, or peers drop its state (found "edge-a")');
    expect(() => synthPiko({ autoscaling: { minReplicas: 1, maxReplicas: 1 }, config: { cluster: { node_id: 'edge-a' } } })).not.toThrow();
  });

  test('TLS forwarding warnings apply once the autoscaler may run several nodes', () => {
    const warnings = captureWarnings(() => synthPiko({ autoscaling: { minReplicas: 1, maxReplicas: 4 }, admin: { tls: PikoTls.fromSecret('admin-cert') } }));
    expect(warnings).toEqual([expect.stringContaining(
      'PikoCluster ConfigMap "piko" server.yaml admin.tls is on with several nodes: Piko forwards admin requests (?forward=) to peers over plain HTTP, which a TLS admin port refuses (found "4 replicas (HorizontalPodAutoscaler \\"piko\\" spec.maxReplicas)")')]);
  });

  test('a patched budget that blocks every eviction at minReplicas', () => {
    expectSynthFailure({ autoscaling: RANGE }, (piko) => ApiObject.of(piko.podDisruptionBudget!).addJsonPatch(JsonPatch.replace('/spec/maxUnavailable', 0)),
      'PodDisruptionBudget "piko" spec must allow evicting a node at 2 replicas (HorizontalPodAutoscaler "piko" spec.minReplicas): a budget that keeps all of them makes every node drain wait forever (found {"maxUnavailable":0}). Fix: use DisruptionBudget.serverDefault() (maxUnavailable 1), or remove the patch');
    const atMin = pikoSynthError({ autoscaling: RANGE }, (piko) => ApiObject.of(piko.podDisruptionBudget!).addJsonPatch(
      JsonPatch.remove('/spec/maxUnavailable'), JsonPatch.add('/spec/minAvailable', '100%')));
    expect(atMin).toContain('must allow evicting a node at 2 replicas (HorizontalPodAutoscaler "piko" spec.minReplicas)');
    expect(atMin).not.toContain('spec.maxReplicas): a budget');
  });

  test('the same budget rule holds for a fixed count', () => {
    expectSynthFailure({ replicas: 3 }, (piko) => ApiObject.of(piko.podDisruptionBudget!).addJsonPatch(
      JsonPatch.remove('/spec/maxUnavailable'), JsonPatch.add('/spec/minAvailable', 3)),
    'PodDisruptionBudget "piko" spec must allow evicting a node at 3 replicas: a budget that keeps all of them makes every node drain wait forever (found {"minAvailable":3})');
  });
});

describe('warnings', () => {
  test('a target the limits never let use pass by the autoscaler\'s tolerance', () => {
    const warnings = captureWarnings(() => synthPiko({ autoscaling: { ...RANGE, cpuUtilization: 95 } }));
    expect(warnings).toEqual([
      '[test/piko] warning: PikoCluster HorizontalPodAutoscaler "piko" spec.metrics[0] averageUtilization can never add a node: cpu use stops at the containers\' limits, 100% of their requests, and the autoscaler scales up only above 110% of the target (found 95). Fix: use a target of at most 90, or raise the cpu limit above the request with the resources prop',
    ]);
    expect(captureWarnings(() => synthPiko({ autoscaling: { ...RANGE, cpuUtilization: 90 } }))).toEqual([]);
    expect(captureWarnings(() => synthPiko({
      autoscaling: { ...RANGE, cpuUtilization: 150 },
      resources: { cpu: { request: Cpu.millis(250), limit: Cpu.millis(500) } },
    }))).toEqual([]);
    // Without a limit, use may pass any target.
    expect(captureWarnings(() => synthPiko({ autoscaling: { ...RANGE, cpuUtilization: 150 }, resources: { cpu: { request: Cpu.millis(250) } } })))
      .toEqual([]);
  });
});
