import { describeObject, Manifest, resolvePortReference } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { HEALTH_PATH, READY_PATH } from '../pod-layout';
import { PikoCheckContext } from './context';
import { boundPort } from './ports';

/**
 * Readiness on /ready, liveness and any startup probe on /health of the admin port, by HTTP(S) or, when admin auth
 * is on, by TCP: admin auth covers the probe routes and the kubelet sends no token.
 */
export function checkProbes(context: PikoCheckContext): Problem[] {
  const problems: Problem[] = [];
  const adminPort = boundPort(context, 'admin');
  const adminAuth = context.effective.auth('admin');
  const scheme = context.effective.tls('admin') ? 'HTTPS' : 'HTTP';
  for (const [probeName, path] of [['readinessProbe', READY_PATH], ['livenessProbe', HEALTH_PATH], ['startupProbe', HEALTH_PATH]]) {
    const setting = `${describeObject(context.statefulSet)} ${probeName}`;
    const probe: Manifest | undefined = context.container?.[probeName];
    // The startup probe is optional; when there is one, it checks what liveness does.
    if (probeName === 'startupProbe' && probe === undefined) {
      continue;
    }
    const action = probe?.httpGet ?? probe?.tcpSocket;
    if (action === undefined) {
      problems.push({ setting, rule: `must check ${path} on the admin port (httpGet) or, with admin auth, the admin port (tcpSocket)`, found: probe, fix: 'remove the patch that replaces the probe' });
      continue;
    }
    // An unreadable admin port is reported with its bind address by checkPorts.
    if (adminPort !== undefined && resolvePortReference(context.container, action.port) !== adminPort) {
      problems.push({ setting: `${setting} port`, rule: `must reach the admin port ${adminPort}`, found: action.port, fix: 'remove the patch that changes the probe port' });
    }
    if (probe?.httpGet === undefined) {
      continue;
    }
    if (adminAuth) {
      problems.push({
        setting,
        rule: 'must not be an httpGet probe while admin auth is on: every admin route answers 401 without a token, so the pod would never be ready',
        found: { httpGet: probe.httpGet },
        fix: 'remove the patch; with admin auth the construct probes the admin port by TCP',
      });
      continue;
    }
    if (probe.httpGet.path !== path) {
      problems.push({ setting: `${setting} path`, rule: `must be "${path}"`, found: probe.httpGet.path, fix: 'remove the patch that changes the probe path' });
    }
    if ((probe.httpGet.scheme ?? 'HTTP') !== scheme) {
      problems.push({
        setting: `${setting} scheme`,
        rule: `must be ${scheme} because admin TLS is ${scheme === 'HTTPS' ? 'on' : 'off'}`,
        found: probe.httpGet.scheme ?? 'HTTP',
        fix: 'set admin TLS through the admin.tls prop, which switches the probes too',
      });
    }
  }
  return problems;
}
