import { agentConfigSetting, AgentCheckContext } from './checks';
import { AGENT_CONTAINER_NAME } from './layout';
import { isPlainObject, valueAt } from '../../common/config-document';
import { Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { holdsReference } from '../env-expansion';

// Where a PikoAgent's listeners forward to, read as the agent reads a listener's `addr`.

/**
 * A PikoAgent's pod runs the agent and whatever containers the user adds. With no other container
 * there, a listener that forwards to the pod itself (localhost, a loopback address, or a port
 * alone, which the agent reads as localhost) reaches nothing, and every request through the
 * endpoint fails. A sidecar's pod is the host's, where localhost is the point.
 */
export function checkListenersLeavePod(context: AgentCheckContext): Problem[] {
  const containers: Manifest[] = context.workload.spec?.template?.spec?.containers ?? [];
  const listeners = valueAt(context.expanded, 'listeners');
  if (containers.some((c) => c.name !== AGENT_CONTAINER_NAME) || !Array.isArray(listeners)) {
    return [];
  }
  return listeners.flatMap((listener, index) => {
    const addr = isPlainObject(listener) ? listener.addr : undefined;
    if (typeof addr !== 'string' || holdsReference(addr) || !isLoopback(forwardHost(addr))) {
      return [];
    }
    return [{
      setting: agentConfigSetting(context, `listeners[${index}].addr`),
      rule: 'must reach a host outside the agent\'s pod: the pod runs the agent alone, so a listener on localhost forwards every request to nothing',
      found: addr,
      fix: 'set the listener\'s host to the Service it forwards to (e.g. "my-app.apps.svc"), or run the agent beside the service with PikoAgentSidecar',
    }];
  });
}

/** The host the agent dials for a listener's `addr`: a port alone, a URL, or host:port. */
function forwardHost(addr: string): string | undefined {
  if (/^\d+$/.test(addr) && Number(addr) < 0xffff) {
    return 'localhost';
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(addr)) {
    try {
      return new URL(addr).hostname.replace(/^\[(.*)\]$/, '$1');
    } catch {
      return undefined;
    }
  }
  const hostPort = /^(?:\[([^\]]*)\]|([^:]*)):\d*$/.exec(addr);
  return hostPort === null ? undefined : hostPort[1] ?? hostPort[2];
}

/** Addresses that dial the pod itself: an empty host and 0.0.0.0 or :: do too, on Linux. */
function isLoopback(host: string | undefined): boolean {
  if (host === undefined) {
    return false;
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === '' || name === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(name)
    || name === '::1' || name === '0.0.0.0' || name === '::';
}
