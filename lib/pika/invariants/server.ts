import { configPortProblem, configSetting, configValue, PikaCheckContext } from './context';
import { checkCertificateMounted } from '../../common/certificate';
import { LOG_LEVELS } from '../../common/log-level';
import {
  containerPorts, describeObject, httpGetOf, isInMountedVolume, Manifest, protocolOf, resolvePortReference,
} from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { normalizeBasePath } from '../base-path';
import { HEALTH_PATH, HTTP_PORT_NAME, TLS_VOLUME } from '../pod-layout';

/** The HTTP listener: one port everywhere, probes that match it, TLS, base path and log level. */
export function checkServer(context: PikaCheckContext): Problem[] {
  const basePath = checkBasePath(context);
  return [
    ...checkHttpPort(context),
    ...checkProbes(context, basePath.normalized),
    ...(basePath.problem ? [basePath.problem] : []),
    ...checkTlsFiles(context),
    ...(context.certificate ? checkCertificateMounted(context.certificate, context.statefulSet, TLS_VOLUME) : []),
    ...checkLogLevel(context),
  ];
}

function checkHttpPort(context: PikaCheckContext): Problem[] {
  const port = context.effective.httpPort();
  if (port === undefined) {
    return [configPortProblem(context, 'server.port')];
  }
  const problems: Problem[] = [];
  const http = containerPorts(context.container).find((p) => p.name === HTTP_PORT_NAME);
  if (http?.containerPort !== port || protocolOf(http) !== 'TCP') {
    problems.push({
      setting: `${describeObject(context.statefulSet)} container port "${HTTP_PORT_NAME}"`,
      rule: `must be TCP port ${port}, the server.port Pika listens on`,
      found: http?.containerPort,
      fix: 'set the port only through the server.port prop',
    });
  }
  const servicePort = (context.service.spec?.ports ?? []).find((p: Manifest) => p.name === HTTP_PORT_NAME);
  const target = resolvePortReference(context.container, servicePort?.targetPort ?? servicePort?.port);
  if (target !== port) {
    problems.push({
      setting: `${describeObject(context.service)} port "${HTTP_PORT_NAME}" targetPort`,
      rule: `must reach server.port ${port}`,
      found: servicePort?.targetPort,
      fix: 'set the port only through the server.port prop',
    });
  }
  return problems;
}

function checkBasePath(context: PikaCheckContext): { normalized: string; problem?: Problem } {
  const value = configValue(context, 'server.base_path');
  if (value === undefined) {
    return { normalized: '' };
  }
  if (typeof value !== 'string') {
    return {
      normalized: '',
      problem: { setting: configSetting(context, 'server.base_path'), rule: 'must be a string', found: value, fix: 'write it as a path such as "/pika"' },
    };
  }
  return normalizeBasePath(configSetting(context, 'server.base_path'), value);
}

function checkProbes(context: PikaCheckContext, basePath: string): Problem[] {
  const problems: Problem[] = [];
  const tlsEnabled = configValue(context, 'server.tls.enabled');
  const scheme = context.effective.tlsEnabled() ? 'HTTPS' : 'HTTP';
  const port = context.effective.httpPort();
  const allowedPaths = basePath === '' ? [HEALTH_PATH] : [HEALTH_PATH, `${basePath}${HEALTH_PATH}`];
  for (const probeName of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const setting = `${describeObject(context.statefulSet)} ${probeName}`;
    const probe = context.container?.[probeName];
    // The startup probe is optional; when there is one, it checks what liveness does.
    if (probeName === 'startupProbe' && probe === undefined) {
      continue;
    }
    // An exec readiness probe is the unlock gate, checked with the encryption rules.
    if (probeName === 'readinessProbe' && probe?.exec !== undefined) {
      continue;
    }
    const httpGet = httpGetOf(probe);
    if (httpGet === undefined) {
      problems.push({ setting, rule: `must be an httpGet probe of ${HEALTH_PATH}`, found: context.container?.[probeName], fix: 'remove the patch that replaces the probe' });
      continue;
    }
    if (!allowedPaths.includes(httpGet.path)) {
      problems.push({ setting: `${setting} path`, rule: `must be ${allowedPaths.map((p) => `"${p}"`).join(' or ')}`, found: httpGet.path, fix: 'remove the patch that changes the probe path' });
    }
    const probePort = resolvePortReference(context.container, httpGet.port);
    if (port !== undefined && probePort !== port) {
      problems.push({ setting: `${setting} port`, rule: `must reach server.port ${port}`, found: httpGet.port, fix: 'remove the patch that changes the probe port' });
    }
    const probeScheme = httpGet.scheme ?? 'HTTP';
    if (probeScheme !== scheme) {
      problems.push({
        setting: `${setting} scheme`,
        rule: `must be ${scheme} because server.tls.enabled is ${tlsEnabled === undefined ? 'unset (Pika defaults to true)' : tlsEnabled}`,
        found: probeScheme,
        fix: 'set TLS through the server.tls prop, which switches the probes too',
      });
    }
  }
  return problems;
}

function checkTlsFiles(context: PikaCheckContext): Problem[] {
  const certFile = configValue(context, 'server.tls.cert_file');
  const keyFile = configValue(context, 'server.tls.key_file');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? 'cert_file' : 'key_file';
    return [{
      setting: configSetting(context, `server.tls.${missing}`),
      rule: 'must be set together with its pair: Pika would pair the given file with a generated one',
      found: undefined,
      fix: 'use PikaServerTls.fromSecret(), which sets both',
    }];
  }
  const problems: Problem[] = [];
  for (const [key, file] of [['cert_file', certFile], ['key_file', keyFile]]) {
    if (typeof file === 'string' && !isInMountedVolume(context.container, file)) {
      problems.push({
        setting: configSetting(context, `server.tls.${key}`),
        rule: 'must lie in a mounted volume: with a read-only root, Pika cannot create it',
        found: file,
        fix: 'use PikaServerTls.fromSecret(), which mounts the certificate Secret',
      });
    }
  }
  return problems;
}

function checkLogLevel(context: PikaCheckContext): Problem[] {
  const level = configValue(context, 'log_level');
  if (level === undefined || LOG_LEVELS.includes(level as string)) {
    return [];
  }
  return [{
    setting: configSetting(context, 'log_level'),
    rule: `must be one of ${LOG_LEVELS.join(', ')}; Pika stops at start on anything else`,
    found: level,
    fix: 'set the logLevel prop instead of the raw key',
  }];
}
