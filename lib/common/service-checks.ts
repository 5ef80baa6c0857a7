import { patched } from './container-checks';
import { checkNodePort, checkPort, checkPortName } from './kubernetes-formats';
import { describeObject, listOf, Manifest, protocolOf } from './manifest-view';
import { Problem } from './problems';
import { servicePortLabel } from './workload-checks';

// The API server's rules for a Service's ports, checked on the final objects: a patch can add a
// port, rename one or give it a node port the props never produced.

/** Port numbers, names, targetPort formats and node ports of one Service. */
export function checkServicePorts(service: Manifest): Problem[] {
  const ports = listOf(service.spec?.ports);
  const problems: Problem[] = [];
  const names = new Set<string>();
  const numbers = new Set<string>();
  ports.forEach((port, index) => {
    const setting = `${describeObject(service)} ${servicePortLabel(port, index)}`;
    problems.push(...patched(checkPort(`${setting} port`, port.port)));
    if (port.name === undefined && ports.length > 1) {
      problems.push({
        setting: `${setting} name`,
        rule: 'must be set: Kubernetes requires a name on every port of a Service with several',
        found: undefined,
        fix: 'remove the patch that adds the unnamed port, or name it',
      });
    } else if (port.name !== undefined) {
      problems.push(...patched(checkPortName(`${setting} name`, String(port.name))));
      if (names.has(port.name)) {
        problems.push({ setting: `${setting} name`, rule: 'must be unique within the Service', found: port.name, fix: 'remove the patch that adds the second port, or rename it' });
      }
      names.add(port.name);
    }
    const number = `${port.port}/${protocolOf(port)}`;
    if (numbers.has(number)) {
      problems.push({ setting: `${setting} port`, rule: 'must not repeat another port of the Service with the same protocol', found: number, fix: 'remove the patch that adds the second port' });
    }
    numbers.add(number);
    problems.push(...checkTargetPortFormat(`${setting} targetPort`, port.targetPort));
    if (port.nodePort !== undefined && port.nodePort !== 0) {
      const nodePort = checkNodePort(`${setting} nodePort`, port.nodePort);
      problems.push(...(nodePort ? [nodePort] : []));
    }
  });
  return problems;
}

/** A targetPort is a port number or the IANA name of a container port. */
function checkTargetPortFormat(setting: string, targetPort: unknown): Problem[] {
  if (targetPort === undefined) {
    return [];
  }
  if (typeof targetPort === 'number' || (typeof targetPort === 'string' && /^[0-9]+$/.test(targetPort))) {
    return patched(checkPort(setting, Number(targetPort)));
  }
  return patched(checkPortName(setting, String(targetPort)));
}
