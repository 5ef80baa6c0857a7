import { configSetting, PikoCheckContext } from './context';
import { containerPorts, describeObject, Manifest, protocolOf, resolvePortReference } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { checkHeadlessService, checkSelectsPods } from '../../common/workload-checks';
import { addressPort, PikoPortName } from '../effective-config';
import { holdsReference } from '../env-expansion';
import { PORT_NAMES } from '../pod-layout';

const BIND_ADDRESSES: ReadonlyArray<[string, string, string]> = [
  ['proxy', 'proxy.bind_addr', 'proxy.advertise_addr'],
  ['upstream', 'upstream.bind_addr', 'upstream.advertise_addr'],
  ['admin', 'admin.bind_addr', 'admin.advertise_addr'],
  ['gossip', 'cluster.gossip.bind_addr', 'cluster.gossip.advertise_addr'],
];

/** The port Piko binds for a listener: from its bind address, else Piko's default. */
export function boundPort(context: PikoCheckContext, listener: string): number | undefined {
  return context.effective.port(listener as PikoPortName);
}

/**
 * Bind addresses, container ports, Services and advertise addresses agree on every port. Piko
 * expands env references before it reads an address, so the ports are read as expanded.
 */
export function checkPorts(context: PikoCheckContext): Problem[] {
  const problems: Problem[] = [];
  for (const [listener, bindKey, advertiseKey] of BIND_ADDRESSES) {
    const port = boundPort(context, listener);
    if (port === undefined) {
      problems.push({
        setting: configSetting(context, bindKey),
        rule: holdsReference(context.effective.value(bindKey))
          ? 'must be a host:port address whose port the synth can read: a number, or a ${VAR:default} for a variable the container does not set, not a value only the pod knows'
          : 'must be a host:port address',
        found: context.effective.value(bindKey),
        fix: `remove ${bindKey} from the raw config; set the port through the ports prop`,
      });
      continue;
    }
    const protocols = listener === 'gossip' ? [['TCP', PORT_NAMES.gossip], ['UDP', PORT_NAMES.gossipUdp]] : [['TCP', listener]];
    for (const [protocol, name] of protocols) {
      const declared = containerPorts(context.container).find((p) => p.name === name);
      if (declared?.containerPort !== port || protocolOf(declared) !== protocol) {
        problems.push({
          setting: `${describeObject(context.statefulSet)} container port "${name}"`,
          rule: `must be ${protocol} port ${port}, where ${bindKey} listens`,
          found: declared && `${declared.containerPort}/${protocolOf(declared)}`,
          fix: 'set ports only through the ports prop',
        });
      }
    }
    const advertised = context.effective.value(advertiseKey);
    if (advertised !== undefined && addressPort(advertised) !== port) {
      problems.push({
        setting: configSetting(context, advertiseKey),
        rule: `must end in the bound port ${port}: peers dial the advertised address`,
        found: advertised,
        fix: `remove ${advertiseKey} from the raw config`,
      });
    }
  }
  return [
    ...problems,
    ...checkHeadlessService(context.headlessService, context.statefulSet),
    ...checkGossipDiscovery(context),
    ...checkClientService(context, context.proxyService, 'proxy'),
    ...checkClientService(context, context.upstreamService, 'upstream'),
  ];
}

/** Gossip runs over TCP (join, leave) and UDP (digests); the headless Service carries both. */
function checkGossipDiscovery(context: PikoCheckContext): Problem[] {
  const port = boundPort(context, 'gossip');
  if (port === undefined) {
    return []; // checkPorts reports the bind address
  }
  const servicePorts: Manifest[] = context.headlessService.spec?.ports ?? [];
  return ['TCP', 'UDP']
    .filter((protocol) => !servicePorts.some(
      (p) => protocolOf(p) === protocol && resolvePortReference(context.container, p.targetPort ?? p.port) === port,
    ))
    .map((protocol) => ({
      setting: `${describeObject(context.headlessService)} spec.ports`,
      rule: `must include the gossip port ${port} over ${protocol}: gossip uses TCP for joins and UDP for state`,
      found: servicePorts.map((p) => `${p.port}/${protocolOf(p)}`),
      fix: 'set the gossip port only through the ports prop',
    }));
}

function checkClientService(context: PikoCheckContext, service: Manifest, listener: string): Problem[] {
  const port = boundPort(context, listener);
  const targets = (service.spec?.ports ?? []).map((p: Manifest) => resolvePortReference(context.container, p.targetPort ?? p.port));
  const problems = checkSelectsPods(service, context.statefulSet);
  // An unreadable port is reported with its bind address by checkPorts.
  if (port !== undefined && !targets.includes(port)) {
    problems.push({
      setting: `${describeObject(service)} spec.ports`,
      rule: `must target the ${listener} port ${port}`,
      found: targets,
      fix: 'set ports only through the ports prop',
    });
  }
  return problems;
}
