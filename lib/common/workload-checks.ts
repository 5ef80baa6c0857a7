import { selectorMatches } from './labels';
import { describeObject, listOf, Manifest, podSpecOf, protocolOf } from './manifest-view';
import { Problem } from './problems';
import { quoteName } from './value-text';

// Synth-time checks every clustered StatefulSet needs, whatever server runs in it.

/**
 * The discovery Service must be headless, publish not-ready pods, select this StatefulSet's pods
 * and be its serviceName (its namespace is checked with every object's).
 */
export function checkHeadlessService(headless: Manifest, statefulSet: Manifest): Problem[] {
  const name = describeObject(headless);
  const problems: Problem[] = [];
  if (headless.spec?.clusterIP !== 'None') {
    problems.push({
      setting: `${name} spec.clusterIP`,
      rule: 'must be "None": peers need the pod IPs in DNS, not a virtual IP',
      found: headless.spec?.clusterIP,
      fix: 'remove the patch that sets clusterIP on the headless Service',
    });
  }
  if (headless.spec?.publishNotReadyAddresses !== true) {
    problems.push({
      setting: `${name} spec.publishNotReadyAddresses`,
      rule: 'must be true: members must find each other before they are ready, or the first start deadlocks',
      found: headless.spec?.publishNotReadyAddresses,
      fix: 'remove the patch that changes publishNotReadyAddresses',
    });
  }
  problems.push(...checkSelectsPods(headless, statefulSet));
  // A headless Service without a name is reported by the validity checks.
  if (typeof headless.metadata?.name === 'string' && statefulSet.spec?.serviceName !== headless.metadata.name) {
    problems.push({
      setting: `${describeObject(statefulSet)} spec.serviceName`,
      rule: `must name the headless Service "${headless.metadata?.name}"`,
      found: statefulSet.spec?.serviceName,
      fix: 'remove the patch that changes serviceName; it is immutable once applied',
    });
  }
  return problems;
}

/** A Service or PodDisruptionBudget must select the StatefulSet's pods. */
export function checkSelectsPods(selecting: Manifest, statefulSet: Manifest): Problem[] {
  const selector = selecting.kind === 'Service' ? selecting.spec?.selector : selecting.spec?.selector?.matchLabels;
  const podLabels = statefulSet.spec?.template?.metadata?.labels;
  if (selectorMatches(selector, podLabels)) {
    return [];
  }
  const field = selecting.kind === 'Service' ? 'spec.selector' : 'spec.selector.matchLabels';
  return [{
    setting: `${describeObject(selecting)} ${field}`,
    rule: `must match the labels of the StatefulSet's pods (${JSON.stringify(podLabels ?? {})})`,
    found: selector,
    fix: 'remove the patch that changes the selector or the pod labels',
  }];
}

/**
 * Every port of a Service must reach a container port of the pods, as Kubernetes resolves it: a
 * number must be a declared port, a name must name one, in any container, with the same protocol.
 */
export function checkServiceTargets(service: Manifest, statefulSet: Manifest): Problem[] {
  const problems: Problem[] = [];
  const containerPorts = listOf(podSpecOf(statefulSet).containers).flatMap((c) => listOf(c.ports));
  listOf(service.spec?.ports).forEach((port, index) => {
    const reference = port.targetPort ?? port.port;
    const reached = containerPorts.some((p) => protocolOf(p) === protocolOf(port)
      && (typeof reference === 'string' && !/^[0-9]+$/.test(reference) ? p.name === reference : p.containerPort === Number(reference)));
    if (!reached) {
      problems.push({
        setting: `${describeObject(service)} ${servicePortLabel(port, index)} targetPort`,
        rule: `must reach a ${quoteProtocol(protocolOf(port))} port of the container`,
        found: reference,
        fix: 'declare the container port or point the Service port at an existing one',
      });
    }
  });
  return problems;
}

/** How messages name a port of a Service: by name, or by position when it has none. */
export function servicePortLabel(port: Manifest, index: number): string {
  return port.name === undefined ? `port ${index}` : `port ${quoteName(port.name)}`;
}

/** A protocol as a rule names it: `TCP`, or what a patch left in its place. */
function quoteProtocol(protocol: unknown): string {
  return typeof protocol === 'string' ? protocol : quoteName(protocol);
}

/** Service links inject `<SERVICE>_PORT=tcp://…` variables a server may misread as its config. */
export function checkServiceLinksOff(statefulSet: Manifest): Problem | undefined {
  const value = podSpecOf(statefulSet).enableServiceLinks;
  if (value === false) {
    return undefined;
  }
  return {
    setting: `${describeObject(statefulSet)} spec.template.spec.enableServiceLinks`,
    rule: 'must be false: kubelet\'s <SERVICE>_PORT variables would be read as server config',
    found: value,
    fix: 'remove the patch that enables service links',
  };
}

/** The pod must get at least `minimumSeconds` to stop before SIGKILL. */
export function checkGracePeriod(statefulSet: Manifest, minimumSeconds: number, reason: string): Problem | undefined {
  const value = podSpecOf(statefulSet).terminationGracePeriodSeconds;
  if (typeof value === 'number' && value >= minimumSeconds) {
    return undefined;
  }
  return {
    setting: `${describeObject(statefulSet)} spec.template.spec.terminationGracePeriodSeconds`,
    rule: `must be at least ${minimumSeconds}: ${reason}`,
    found: value,
    fix: `set the terminationGracePeriod prop to ${minimumSeconds}s or more`,
  };
}

/** A secret env var must come from a Secret through secretKeyRef, never as a literal value. */
export function checkSecretEnv(statefulSet: Manifest, env: Manifest | undefined, fix: string): Problem | undefined {
  if (env === undefined || (env.valueFrom?.secretKeyRef?.name && env.valueFrom?.secretKeyRef?.key && env.value === undefined)) {
    return undefined;
  }
  return {
    setting: `${describeObject(statefulSet)} env ${env.name}`,
    rule: 'must come from a Secret through valueFrom.secretKeyRef, not a plain value anyone who can read the pod sees',
    found: env.value !== undefined ? '<a literal value>' : env.valueFrom,
    fix,
  };
}
