import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { checkWholeNumber } from './kubernetes-formats';
import { Problem } from './problems';

/** When and how often the kubelet runs a probe, and how many failures it takes. */
export interface ProbeTiming {
  /**
   * Wait after the container starts before the first probe. Whole seconds.
   * @default - the server's own default for this probe
   */
  readonly initialDelay?: Duration;
  /**
   * Time between probes. Whole seconds, at least 1s.
   * @default - the server's own default for this probe
   */
  readonly period?: Duration;
  /**
   * Time a probe may take before it counts as failed. Whole seconds, at least 1s.
   * @default - the server's own default for this probe (Kubernetes': 1s)
   */
  readonly timeout?: Duration;
  /**
   * Failures in a row before the kubelet acts (marks the pod unready, or restarts the container).
   * @default - the server's own default for this probe (Kubernetes': 3)
   */
  readonly failureThreshold?: number;
}

/** Timings of the server's probes, and the opt-in startup probe. */
export interface ProbeOptions {
  /**
   * Timing of the readiness probe.
   * @default - the server's defaults (Pika: 5s delay, every 5s; Piko: every 5s)
   */
  readonly readiness?: ProbeTiming;
  /**
   * Timing of the liveness probe.
   * @default - 10s delay, every 10s
   */
  readonly liveness?: ProbeTiming;
  /**
   * Add a startup probe on the liveness probe's endpoint with this timing: liveness and
   * readiness wait until it passes, so a slow start (a large store opening) is not restarted.
   * Pass `{}` for the defaults.
   * @default - no startup probe
   */
  readonly startup?: ProbeTiming;
}

/** A startup probe with `{}` waits up to 5 minutes: every 5s, 60 failures. */
export const STARTUP_DEFAULTS: k8s.Probe = { periodSeconds: 5, failureThreshold: 60 };

/** The probe with the timing fields the user set replacing the server's. */
export function timedProbe(probe: k8s.Probe, timing: ProbeTiming | undefined): k8s.Probe {
  if (timing === undefined) {
    return probe;
  }
  const seconds = (duration: Duration | undefined) => duration?.toSeconds({ integral: false });
  const chosen: k8s.Probe = {
    initialDelaySeconds: seconds(timing.initialDelay),
    periodSeconds: seconds(timing.period),
    timeoutSeconds: seconds(timing.timeout),
    failureThreshold: timing.failureThreshold,
  };
  return { ...probe, ...Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== undefined)) };
}

/** The server's three probes: readiness and liveness as given, startup on liveness's endpoint when asked for. */
export function serverProbes(readiness: k8s.Probe, liveness: k8s.Probe, options: ProbeOptions): Pick<k8s.Container, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
  const endpoint: k8s.Probe = { exec: liveness.exec, grpc: liveness.grpc, httpGet: liveness.httpGet, tcpSocket: liveness.tcpSocket };
  return {
    readinessProbe: timedProbe(readiness, options.readiness),
    livenessProbe: timedProbe(liveness, options.liveness),
    startupProbe: options.startup === undefined ? undefined : timedProbe({ ...endpoint, ...STARTUP_DEFAULTS }, options.startup),
  };
}

export function checkProbeOptions(options: ProbeOptions): Problem[] {
  const kinds: Array<[string, ProbeTiming | undefined]> = [['readiness', options.readiness], ['liveness', options.liveness], ['startup', options.startup]];
  return kinds.flatMap(([kind, timing]) => {
    if (timing === undefined) {
      return [];
    }
    const setting = `probes.${kind}`;
    const problems = [
      checkSeconds(`${setting}.initialDelay`, timing.initialDelay, 0),
      checkSeconds(`${setting}.period`, timing.period, 1),
      checkSeconds(`${setting}.timeout`, timing.timeout, 1),
      timing.failureThreshold === undefined ? undefined
        : checkWholeNumber(`${setting}.failureThreshold`, timing.failureThreshold, 1, 'use e.g. 3; the kubelet acts after this many failures in a row'),
    ];
    return problems.filter((p): p is Problem => p !== undefined);
  });
}

/** A probe time: whole seconds (the fields are in seconds), at least `minimum`. */
export function checkSeconds(setting: string, duration: Duration | undefined, minimum: number): Problem | undefined {
  if (duration === undefined) {
    return undefined;
  }
  const millis = duration.toMilliseconds({ integral: false });
  if (Number.isInteger(millis / 1000) && millis / 1000 >= minimum) {
    return undefined;
  }
  return {
    setting,
    rule: `must be a whole number of seconds, at least ${minimum}s`,
    found: `${millis}ms`,
    fix: `use e.g. Duration.seconds(${Math.max(minimum, 5)})`,
  };
}
