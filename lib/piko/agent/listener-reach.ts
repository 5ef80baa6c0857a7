import { ApiObject } from 'cdk8s';
import { agentConfigSetting, AgentCheckContext } from './checks';
import { AGENT_CONTAINER_NAME } from './layout';
import { isPlainObject, valueAt } from '../../common/config-document';
import { finalJson } from '../../common/final-json';
import { describeObject, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { serviceNamed } from '../../common/service-names';
import { holdsReference } from '../env-expansion';

// Where an agent's listeners forward to, read as the agent reads a listener's `addr`.

/**
 * A PikoAgent's pod runs the agent and whatever containers the user adds. With no other container
 * there, a listener that forwards to the pod itself (localhost, a loopback address, or a port
 * alone, which the agent reads as localhost) reaches nothing, and every request through the
 * endpoint fails. A sidecar's pod is the host's, where localhost is the point.
 */
export function checkListenersLeavePod(context: AgentCheckContext): Problem[] {
  const containers: Manifest[] = context.workload.spec?.template?.spec?.containers ?? [];
  if (containers.some((c) => c.name !== AGENT_CONTAINER_NAME)) {
    return [];
  }
  return forwardTargets(context).filter(({ target }) => isLoopback(target.host)).map(({ setting, addr }) => ({
    setting,
    rule: 'must reach a host outside the agent\'s pod: the pod runs the agent alone, so a listener on localhost forwards every request to nothing',
    found: addr,
    fix: 'set the listener\'s host to the Service it forwards to (e.g. "my-app.apps.svc"), or run the agent beside the service with PikoAgentSidecar',
  }));
}

/** A listener's `addr` and what it dials. */
interface ForwardTarget {
  readonly setting: string;
  readonly addr: string;
  readonly target: { host: string; port?: number };
}

/** Where each listener of the final agent.yaml forwards; one whose addr holds a reference is known only at start. */
function forwardTargets(context: AgentCheckContext): ForwardTarget[] {
  const listeners = valueAt(context.expanded, 'listeners');
  if (!Array.isArray(listeners)) {
    return [];
  }
  return listeners.flatMap((listener, index) => {
    const addr = isPlainObject(listener) ? listener.addr : undefined;
    const target = typeof addr === 'string' && !holdsReference(addr) ? forwardTarget(addr) : undefined;
    return target === undefined ? [] : [{ setting: agentConfigSetting(context, `listeners[${index}].addr`), addr: addr as string, target }];
  });
}

/** The host and port the agent dials for a listener's `addr`: a port alone, a URL, or host:port. */
function forwardTarget(addr: string): { host: string; port?: number } | undefined {
  if (/^\d+$/.test(addr) && Number(addr) < 0xffff) {
    return { host: 'localhost', port: Number(addr) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(addr)) {
    try {
      const url = new URL(addr);
      const port = url.port !== '' ? Number(url.port) : DEFAULT_PORTS[url.protocol];
      return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
    } catch {
      return undefined;
    }
  }
  const hostPort = /^(?:\[([^\]]*)\]|([^:]*)):(\d*)$/.exec(addr);
  if (hostPort === null) {
    return undefined;
  }
  return { host: hostPort[1] ?? hostPort[2], port: hostPort[3] === '' ? undefined : Number(hostPort[3]) };
}

// The port Go's HTTP client dials for a URL without one.
const DEFAULT_PORTS: { [scheme: string]: number } = { 'http:': 80, 'https:': 443 };

/** Addresses that dial the pod itself: an empty host and 0.0.0.0 or :: do too, on Linux. */
function isLoopback(host: string | undefined): boolean {
  if (host === undefined) {
    return false;
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === '' || name === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(name)
    || name === '::1' || name === '0.0.0.0' || name === '::';
}

/**
 * A listener whose host names a Service of this app (`billing`, `billing.apps`,
 * `billing.apps.svc`, `billing.apps.svc.cluster.local`, as the pod's DNS search list resolves
 * them) must use one of its ports: the Service forwards nothing else. A headless Service
 * resolves to its pods' own addresses, and an ExternalName one to another host, so neither is
 * held to its list of ports.
 */
export function checkListenerServices(context: AgentCheckContext, agentNamespace: string, services: readonly Manifest[]): Problem[] {
  if (services.length === 0) {
    return [];
  }
  return forwardTargets(context).flatMap(({ setting, addr, target }) => {
    const named = serviceNamed(target.host, agentNamespace);
    const service = named && services.find((s) => s.metadata?.name === named.name && s.metadata?.namespace === named.namespace);
    if (target.port === undefined || service === undefined || service.spec?.clusterIP === 'None' || service.spec?.type === 'ExternalName') {
      return [];
    }
    const ports: unknown[] = (service.spec?.ports ?? []).map((p: Manifest) => p.port);
    if (ports.includes(target.port)) {
      return [];
    }
    return [{
      setting,
      rule: `must use a port of ${describeObject(service)} in namespace "${named!.namespace}" (${ports.join(', ')}): the agent forwards to it, and the Service serves no other`,
      found: addr,
      fix: 'set the listener\'s port to one the Service lists, or add the port to the Service',
    }];
  });
}

/**
 * The final JSON of Services, each with the namespace it is applied to. A Service that cannot
 * render (a cdk8s-plus Service without a port, say) is left out: writing it fails the synth with
 * its own error, which names the Service and its fix better than an agent could.
 */
export function serviceManifests(services: readonly ApiObject[]): Manifest[] {
  return services.flatMap((service) => {
    let json: Manifest;
    try {
      json = finalJson(service);
    } catch {
      return [];
    }
    return [{ ...json, metadata: { ...json.metadata, namespace: json.metadata?.namespace ?? 'default' } }];
  });
}
