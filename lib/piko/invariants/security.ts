import { checkCertificateMounted } from '../../common/certificate';
import { isPlainObject, valueAt } from '../../common/config-document';
import { describeObject, envNamed, Manifest } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { PikoKeyKind } from '../auth';
import { authBlockEnabled, isSet } from '../effective-config';
import { checkEnvReferences, checkSecretReferences, secretReferenceFix } from '../env-expansion';
import { Listener, LISTENERS, tlsVolumeName } from '../pod-layout';
import { checkCertificatePair, checkFilesMounted, TlsConfigView } from '../tls-files';
import { atEveryBound, configSetting, configValue, PikoCheckContext, ReplicaBound } from './context';

const KEY_KINDS = Object.values(PikoKeyKind);
const PEM_PUBLIC_KEY = /^-----BEGIN [A-Z ]*PUBLIC KEY-----\r?\n[\s\S]+\r?\n-----END [A-Z ]*PUBLIC KEY-----\s*$/;

/** Auth combinations Piko accepts, key material that never sits in the ConfigMap, TLS pairs. */
export function checkSecurity(context: PikoCheckContext): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  for (const listener of LISTENERS) {
    problems.push(...checkAuthBlock(context, `${listener}.auth`, configValue(context, `${listener}.auth`), context.effective.keyFlags(listener)));
    problems.push(...checkKeyFlags(context, listener));
  }
  const tenants = configValue(context, 'upstream.tenants');
  if (Array.isArray(tenants)) {
    tenants.forEach((tenant, index) => problems.push(...checkTenant(context, tenant, index)));
  }
  problems.push(...checkTls(context), ...checkEnvExpansion(context), ...checkSecretKeys(context));
  for (const listener of LISTENERS) {
    const certificate = context.certificates[listener];
    if (certificate) {
      problems.push(...checkCertificateMounted(certificate, context.statefulSet, tlsVolumeName(listener)));
    }
  }
  return { problems, warnings: atEveryBound(context, (bound) => tlsWarnings(context, bound)) };
}

function checkAuthBlock(context: PikoCheckContext, path: string, block: unknown, flags: Map<PikoKeyKind, string>): Problem[] {
  const config = isPlainObject(block) ? block : {};
  const problems: Problem[] = [];
  const keys = KEY_KINDS.filter((kind) => isSet(config[kind]) || flags.has(kind));
  if (isSet(valueAt(config, 'jwks.endpoint')) && keys.length > 0) {
    problems.push({
      setting: configSetting(context, `${path}.jwks.endpoint`),
      rule: 'must not be combined with a verification key: Piko refuses JWKS together with hmac, rsa or ecdsa keys',
      found: keys,
      fix: 'keep either the JWKS endpoint or one key',
    });
  }
  for (const kind of KEY_KINDS.filter((k) => isSet(config[k]) && flags.has(k))) {
    problems.push({
      setting: configSetting(context, `${path}.${kind}`),
      rule: 'must not be set while the key is also passed as a flag: the file overrides the flag',
      found: '<a key>',
      fix: `remove ${path}.${kind} from the raw config; set the key through the auth prop`,
    });
  }
  for (const kind of [PikoKeyKind.RSA, PikoKeyKind.ECDSA]) {
    const pem = config[kind];
    if (isSet(pem) && !PEM_PUBLIC_KEY.test(pem as string)) {
      problems.push({
        setting: configSetting(context, `${path}.${kind}`),
        rule: 'must be a PEM public key ("-----BEGIN PUBLIC KEY-----" …); a ${VAR} reference cannot work, as the expanded PEM breaks the YAML',
        found: (pem as string).length > 40 ? `${(pem as string).slice(0, 40)}…` : pem,
        fix: `use PikoAuth.${kind === PikoKeyKind.RSA ? 'rsaPublicKey' : 'ecdsaPublicKey'}(secretName, key), which passes the key as a flag`,
      });
    }
  }
  return problems;
}

/** A key flag must carry `$(VAR)` of an env var that comes from a Secret. */
function checkKeyFlags(context: PikoCheckContext, listener: Listener): Problem[] {
  const problems: Problem[] = [];
  for (const [kind, value] of context.effective.keyFlags(listener)) {
    const variable = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(value)?.[1];
    const env = variable === undefined ? undefined : envNamed(context.container, variable);
    if (!env?.valueFrom?.secretKeyRef) {
      problems.push({
        setting: `${describeObject(context.statefulSet)} args --${listener}.auth.${kind.replace(/_/g, '-')}`,
        rule: 'must be $(VAR) of an env var read from a Secret through secretKeyRef',
        found: variable === undefined ? '<a literal key>' : value,
        fix: 'set the key through the auth prop',
      });
    }
  }
  return problems;
}

function checkTenant(context: PikoCheckContext, tenant: unknown, index: number): Problem[] {
  const path = `upstream.tenants[${index}]`;
  const entry = isPlainObject(tenant) ? tenant : {};
  const problems: Problem[] = [];
  if (!isSet(entry.id)) {
    problems.push({ setting: configSetting(context, `${path}.id`), rule: 'must be a non-empty tenant ID', found: entry.id, fix: 'give every tenant an id' });
  }
  if (!isPlainObject(entry.auth) || !authBlockEnabled(entry.auth)) {
    problems.push({
      setting: configSetting(context, `${path}.auth`),
      rule: 'must enable auth (a key or a JWKS endpoint): Piko refuses a tenant without it',
      found: entry.auth,
      fix: 'add hmac_secret_key as a ${VAR} reference, or a jwks endpoint',
    });
  }
  // The tenant's own block: the listeners' paths do not reach into the list.
  problems.push(...checkAuthBlock(context, `${path}.auth`, entry.auth, new Map()));
  return problems;
}

function checkTls(context: PikoCheckContext): Problem[] {
  const config: TlsConfigView = {
    value: (path) => context.effective.value(path),
    setting: (path) => configSetting(context, path),
    container: context.container,
    reader: 'Piko',
  };
  return [...LISTENERS.flatMap((listener) => checkListenerTls(context, config, listener)), ...checkPeerTls(context, config)];
}

/**
 * A listener's `tls` block. Piko serves TLS on the port once its cert or key is set, refuses one
 * without the other, and reads the files at start; without either it serves plain HTTP and
 * ignores `client_cas`, so a port meant to require client certificates would require none.
 */
function checkListenerTls(context: PikoCheckContext, config: TlsConfigView, listener: Listener): Problem[] {
  const path = `${listener}.tls`;
  if (!context.effective.tls(listener)) {
    const clientCas = config.value(`${path}.client_cas`);
    return isSet(clientCas) ? [{
      setting: config.setting(`${path}.client_cas`),
      rule: `only applies with ${path}.cert and key: without them Piko serves plain HTTP on this port, ignores it and verifies no client certificate`,
      found: clientCas,
      fix: 'set TLS through the listener\'s tls prop with its clientCaKey, or remove client_cas',
    }] : [];
  }
  const alone = 'Piko refuses one without the other';
  return [
    ...checkCertificatePair(config, path, { certAlone: alone, keyAlone: alone }, 'set TLS through the listener\'s tls prop, which sets both'),
    ...checkFilesMounted(config, path, ['cert', 'key', 'client_cas'], () => 'set TLS through the listener\'s tls prop, which mounts the Secret'),
  ];
}

/**
 * `proxy.tls.client`: how a node dials its peers' proxy ports. Piko reads it only while proxy TLS
 * is on (otherwise nodes forward to each other over plain HTTP), and loads a client certificate
 * only with its key.
 */
function checkPeerTls(context: PikoCheckContext, config: TlsConfigView): Problem[] {
  const path = 'proxy.tls.client';
  const block = config.value(path);
  if (!isPlainObject(block)) {
    return [];
  }
  if (!context.effective.tls('proxy')) {
    const given = Object.keys(block).filter((key) => block[key] !== undefined && block[key] !== '' && block[key] !== false);
    return given.length === 0 ? [] : [{
      setting: config.setting(path),
      rule: 'only applies while proxy TLS is on: without it nodes forward requests to each other over plain HTTP, and Piko ignores the block',
      found: given,
      fix: 'turn on proxy TLS (the proxy.tls prop), or remove proxy.tls.client',
    }];
  }
  return [
    ...checkCertificatePair(config, path, {
      certAlone: 'Piko refuses a client certificate without its key',
      keyAlone: 'without a certificate Piko ignores the key and presents none to its peers',
    }, 'set both, or neither'),
    ...checkFilesMounted(config, path, ['cert', 'key', 'root_cas'], () => 'mount the files\' Secret with a JSON patch on the StatefulSet, as the tls props mount theirs'),
  ];
}

/** What goes wrong between nodes with TLS, once there are `bound.count` of them. */
function tlsWarnings(context: PikoCheckContext, bound: ReplicaBound): Problem[] {
  if (bound.count < 2) {
    return [];
  }
  const warnings: Problem[] = [];
  const client = context.effective.value('proxy.tls.client');
  const verifiesPeers = isPlainObject(client) && ['root_cas', 'server_name', 'insecure_skip_verify'].some((k) => client[k] !== undefined);
  if (context.effective.tls('proxy') && !verifiesPeers) {
    const state = client === undefined ? 'is unset' : 'sets none of root_cas, server_name and insecure_skip_verify';
    warnings.push({
      setting: configSetting(context, 'proxy.tls.client'),
      rule: `${state} while proxy TLS is on: nodes forward requests to each other's proxy port by pod IP, and the certificate must verify for that`,
      found: client,
      fix: 'give the certificate IP SANs, or set proxy.tls.client.server_name and root_cas in the raw config',
    });
  }
  if (context.effective.tls('admin')) {
    warnings.push({
      setting: configSetting(context, 'admin.tls'),
      rule: 'is on with several nodes: Piko forwards admin requests (?forward=) to peers over plain HTTP, which a TLS admin port refuses',
      found: bound.label,
      fix: 'query each node directly, or keep admin TLS off and the admin port internal',
    });
  }
  return warnings;
}

/**
 * No secret-looking key (a listener's or a tenant's hmac_secret_key, and any other) holds a
 * literal: each is a reference to an env var from a Secret.
 */
function checkSecretKeys(context: PikoCheckContext): Problem[] {
  const listenerKey = new RegExp(`^(${LISTENERS.join('|')})\\.auth\\.${PikoKeyKind.HMAC}$`);
  return checkSecretReferences(context.config, context.container, (path) => configSetting(context, path),
    (path) => (listenerKey.test(path) ? 'use PikoAuth.hmac(secretName, key)' : secretReferenceFix(path)));
}

/** Every `$` must be a reference Piko expands on purpose (see env-expansion.ts). */
function checkEnvExpansion(context: PikoCheckContext): Problem[] {
  const defined = new Set<string>(((context.container?.env ?? []) as Manifest[]).map((e) => e.name));
  return checkEnvReferences(context.config, defined, (path) => configSetting(context, path));
}
