import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Manifest } from './manifest-view';
import { checkSeconds } from './probe-timing';
import { Problem } from './problems';

// A pause before the server gets SIGTERM, so the endpoints controller, kube-proxy and any
// ingress or Gateway stop sending it traffic first: neither server waits for that itself (Pika
// exits without draining in-flight requests, Piko turns unready and closes its upstreams at
// once). Kubernetes 1.28, which the constructs target, has no `preStop.sleep` action (1.29 alpha,
// 1.30 beta), so the pause is an exec of BusyBox's sleep, which both default images (Alpine)
// ship. In an image without it the hook fails at once and the kubelet goes on to SIGTERM:
// the stop is then as it would be without the pause.

/** The command of the pause. */
export const SLEEP_COMMAND = '/bin/sleep';

/** The pause the constructs render unless told otherwise. */
export const DEFAULT_PRE_STOP_PAUSE = Duration.seconds(5);

/** The lifecycle of a server container with this pause; none for 0. */
export function preStopLifecycle(pause: Duration): k8s.Lifecycle | undefined {
  const seconds = pause.toSeconds({ integral: false });
  return seconds === 0 ? undefined : { preStop: { exec: { command: [SLEEP_COMMAND, String(seconds)] } } };
}

export function checkPreStopPause(pause: Duration): Problem[] {
  const problem = checkSeconds('preStopPause', pause, 0);
  return problem ? [problem] : [];
}

/**
 * The seconds a container's preStop hook holds back SIGTERM, as far as the synth can tell: the
 * rendered sleep, a `sleep` action a patch added, or 0 (an httpGet or another command takes as
 * long as it takes, which the checks cannot know).
 */
export function preStopSeconds(container: Manifest | undefined): number {
  const preStop = container?.lifecycle?.preStop;
  const command = preStop?.exec?.command;
  if (Array.isArray(command) && command.length === 2 && /(^|\/)sleep$/.test(String(command[0])) && /^[0-9]+$/.test(String(command[1]))) {
    return Number(command[1]);
  }
  const seconds = preStop?.sleep?.seconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : 0;
}
