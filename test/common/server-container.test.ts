import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { PodManagementPolicy } from 'cdk8s-plus-28';
import { PikaClusterProps, PikaEncryption, PikoAuth, PikoClusterProps } from '../../lib';
import { Manifest, pikaPropsError, pikaSynthError, pikoPropsError, pikoSynthError, serverContainer, synthPika, synthPiko } from '../support/synth';

// probes and preStopPause: the server container's timings, the same props on both clusters.

type Props = PikaClusterProps & PikoClusterProps;
type Cluster = { statefulSet: ApiObject };
const clusters = [
  ['PikaCluster', (props: Props) => synthPika(props), (props: Props) => pikaPropsError(props),
    (props: Props, change: (c: Cluster) => void) => pikaSynthError(props, change), 'pika', { path: '/healthz', port: 'http' }],
  ['PikoCluster', (props: Props) => synthPiko(props), (props: Props) => pikoPropsError(props),
    (props: Props, change: (c: Cluster) => void) => pikoSynthError(props, change), 'piko', { path: '/health', port: 'admin' }],
] as const;

const patchStatefulSet = (...patches: JsonPatch[]) => (cluster: Cluster) => cluster.statefulSet.addJsonPatch(...patches);

describe.each(clusters)('%s probes and preStop pause', (kind, synth, propsError, synthError, name, liveness) => {
  const expectRejected = (props: Props, line: string) => expect(propsError(props)).toContain(`[test/${name}] ${kind} ${line}`);
  const container = (props: Props = {}): Manifest => serverContainer(synth(props));

  test('probe timings replace the server\'s field by field', () => {
    const probes = container({
      probes: {
        readiness: { period: Duration.seconds(2), failureThreshold: 6 },
        liveness: { initialDelay: Duration.seconds(30), timeout: Duration.seconds(3) },
      },
    });
    expect(probes.readinessProbe).toMatchObject({ periodSeconds: 2, failureThreshold: 6 });
    expect(probes.livenessProbe).toMatchObject({
      initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 3, httpGet: { path: liveness.path, port: liveness.port },
    });
    expect(probes.startupProbe).toBeUndefined();
  });

  test('a startup probe is opt-in, on the liveness probe\'s endpoint', () => {
    expect(container({ probes: { startup: {} } }).startupProbe).toEqual({
      httpGet: { path: liveness.path, port: liveness.port, scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 60,
    });
    expect(container({ probes: { startup: { period: Duration.seconds(10), failureThreshold: 30 } } }).startupProbe)
      .toMatchObject({ periodSeconds: 10, failureThreshold: 30 });
  });

  test('probe times must be whole seconds, thresholds whole numbers', () => {
    expectRejected({ probes: { liveness: { period: Duration.millis(1500) } } },
      'probes.liveness.period must be a whole number of seconds, at least 1s (found "1500ms")');
    expectRejected({ probes: { readiness: { timeout: Duration.seconds(0) } } }, 'probes.readiness.timeout must be a whole number of seconds, at least 1s (found "0ms")');
    expectRejected({ probes: { startup: { initialDelay: Duration.millis(500) } } }, 'probes.startup.initialDelay must be a whole number of seconds, at least 0s (found "500ms")');
    expectRejected({ probes: { startup: { failureThreshold: 0 } } }, 'probes.startup.failureThreshold must be a whole number of at least 1 (found 0)');
  });

  test('a startup probe patched to the wrong port or path fails synth', () => {
    expect(synthError({ probes: { startup: {} } }, patchStatefulSet(JsonPatch.replace('/spec/template/spec/containers/0/startupProbe/httpGet/port', 'gossip'))))
      .toContain(`StatefulSet "${name}" startupProbe port must reach`);
    expect(synthError({ probes: { startup: {} } }, patchStatefulSet(JsonPatch.replace('/spec/template/spec/containers/0/startupProbe/httpGet/path', '/metrics'))))
      .toContain(`StatefulSet "${name}" startupProbe path must be`);
    expect(synthError({}, patchStatefulSet(JsonPatch.add('/spec/template/spec/containers/0/startupProbe', { exec: { command: ['true'] } }))))
      .toContain(`StatefulSet "${name}" startupProbe must`);
  });

  test('a 5s preStop sleep by default; a chosen pause; none for 0', () => {
    expect(container().lifecycle).toEqual({ preStop: { exec: { command: ['/bin/sleep', '5'] } } });
    expect(container({ preStopPause: Duration.seconds(10) }).lifecycle.preStop.exec.command).toEqual(['/bin/sleep', '10']);
    expect(container({ preStopPause: Duration.seconds(0) }).lifecycle).toBeUndefined();
  });

  test('the pause must be whole seconds', () => {
    expectRejected({ preStopPause: Duration.millis(2500) }, 'preStopPause must be a whole number of seconds, at least 0s (found "2500ms")');
  });
});

describe('server-specific probe timings', () => {
  test('Pika: the unlock gate takes the readiness timings', () => {
    const probe = serverContainer(synthPika({
      encryption: PikaEncryption.manualUnlock({ readinessGate: true }),
      // Parallel start, as the gate with manual unlock needs (the synth warns about ordered start).
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      probes: { readiness: { timeout: Duration.seconds(5) } },
    })).readinessProbe;
    expect(probe.exec).toBeDefined();
    expect(probe.timeoutSeconds).toBe(5);
  });

  test('Piko: with admin auth the startup probe is a TCP check of the admin port too', () => {
    const probe = serverContainer(synthPiko({ admin: { auth: PikoAuth.hmac('admin-key', 'hmac') }, probes: { startup: {} } })).startupProbe;
    expect(probe).toEqual({ tcpSocket: { port: 'admin' }, periodSeconds: 5, failureThreshold: 60 });
  });

  test('Pika: terminationGracePeriod must cover the pause and Pika\'s 20s', () => {
    expect(pikaPropsError({ preStopPause: Duration.seconds(15), terminationGracePeriod: Duration.seconds(30) })).toContain(
      '[test/pika] PikaCluster terminationGracePeriod must cover preStopPause (15s) plus the 20s Pika needs to stop: Kubernetes counts it from the start of the pause (found "30s"). Fix: raise it to 35s or more, or shorten preStopPause');
    expect(() => synthPika({ preStopPause: Duration.seconds(10), terminationGracePeriod: Duration.seconds(30) })).not.toThrow();
  });
});
