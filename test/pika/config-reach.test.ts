import { ApiObject, JsonPatch } from 'cdk8s';
import { EnvValue, Secret } from 'cdk8s-plus-28';
import { PikaCluster, PikaClusterProps } from '../../lib';
import { pikaSynthError, synthPika } from '../support/synth';

// Where pika.yaml is found and what it may hold, judged as Pika reads it: the working directory
// and CONFIG_FILE_PIKA move the file, weakly typed values count as what Pika decodes, `..` is
// resolved, and no key named like a secret sits in the ConfigMap.

const CONTAINER = '/spec/template/spec/containers/0';
const patchStatefulSet = (...patches: JsonPatch[]) => (pika: PikaCluster) => ApiObject.of(pika).addJsonPatch(...patches);
const secretEnv = (key: string) => EnvValue.fromSecretValue({ secret: Secret.fromSecretName(undefined as any, 'x', 'pika-extra'), key });

function expectSynthFailure(props: PikaClusterProps, change: ((pika: PikaCluster) => void) | undefined, ...lines: string[]) {
  const message = pikaSynthError(props, change);
  lines.forEach((line) => expect(message).toContain(`[test/pika] PikaCluster ${line}`));
  return message;
}

describe('where Pika finds pika.yaml', () => {
  test('a workingDir moves the directory Pika looks in', () => {
    expectSynthFailure({}, patchStatefulSet(JsonPatch.add(`${CONTAINER}/workingDir`, '/app')),
      'StatefulSet "pika" mount of ConfigMap "pika" must place "pika.yaml" where Pika looks for it: /app/pika.yaml or /etc/pika.yaml (the working directory, then /etc), or the path in CONFIG_FILE_PIKA or CONFIG_FILE (found "/pika.yaml"). Fix: remove the patch that sets the container\'s workingDir, or the one that moves the config mount');
  });

  test('a workingDir of "/" changes nothing', () => {
    expect(() => synthPika({}, patchStatefulSet(JsonPatch.add(`${CONTAINER}/workingDir`, '/')))).not.toThrow();
  });

  test('CONFIG_FILE_PIKA wins over CONFIG_FILE and must name the mounted file', () => {
    expectSynthFailure({ env: { CONFIG_FILE_PIKA: EnvValue.fromValue('/etc/other.yaml'), CONFIG_FILE: EnvValue.fromValue('/pika.yaml') } }, undefined,
      'StatefulSet "pika" env CONFIG_FILE_PIKA must name the path where ConfigMap "pika" mounts "pika.yaml" (a relative path starts at the working directory): Pika reads only that file (found "/etc/other.yaml"). Fix: set it to /pika.yaml, or remove it');
  });

  test('a relative CONFIG_FILE resolves against the working directory', () => {
    expect(() => synthPika({ env: { CONFIG_FILE: EnvValue.fromValue('pika.yaml') } })).not.toThrow();
    expectSynthFailure({ env: { CONFIG_FILE: EnvValue.fromValue('pika.yaml') } }, patchStatefulSet(JsonPatch.add(`${CONTAINER}/workingDir`, '/srv')),
      'StatefulSet "pika" env CONFIG_FILE must name the path where ConfigMap "pika" mounts "pika.yaml" (a relative path starts at the working directory): Pika reads only that file (found "/srv/pika.yaml")');
  });

  test('a CONFIG_FILE from a reference cannot be vouched for', () => {
    expectSynthFailure({ env: { CONFIG_FILE: secretEnv('path') } }, undefined,
      'StatefulSet "pika" env CONFIG_FILE must name the path where ConfigMap "pika" mounts "pika.yaml" (a relative path starts at the working directory): Pika reads only that file (found "<from a reference>")');
  });
});

describe('values as Pika decodes them', () => {
  test.each(['true', '1', 'T', 1])('storage.bw.in_memory %p is true to Pika', (value) => {
    expectSynthFailure({ config: { storage: { bw: { in_memory: value } } } }, undefined,
      `ConfigMap "pika" pika.yaml storage.bw.in_memory must not be true: every restart would lose the member's data (found ${JSON.stringify(value)})`);
  });

  test('"false" keeps storage on disk', () => {
    expect(() => synthPika({ config: { storage: { bw: { in_memory: 'false' } } } })).not.toThrow();
  });

  test('a storage path that climbs out of the claim with ".." is off the claim', () => {
    expectSynthFailure({ config: { storage: { bw: { path: '/data/../var/pika' } } } }, undefined,
      'ConfigMap "pika" pika.yaml storage.bw.path must lie under the mount of a volumeClaimTemplate (/data), or the data is lost with the pod (found "/data/../var/pika")');
  });

  test('a relative storage path starts at the working directory', () => {
    expectSynthFailure({ env: { CONFIG_FILE: EnvValue.fromValue('/pika.yaml') }, config: { storage: { bw: { path: 'data/pika' } } } },
      patchStatefulSet(JsonPatch.add(`${CONTAINER}/workingDir`, '/srv')),
      'ConfigMap "pika" pika.yaml storage.bw.path must lie under the mount of a volumeClaimTemplate (/data), or the data is lost with the pod (found "data/pika")');
    expect(() => synthPika({ config: { storage: { bw: { path: 'data/pika' } } } })).not.toThrow();
  });

  test('server.tls.enabled "false" turns TLS off, so the HTTPS probes are wrong', () => {
    // The server.tls prop cannot be combined with the raw key, so the probe is patched to HTTPS.
    expectSynthFailure({ config: { server: { tls: { enabled: 'false' } } } }, patchStatefulSet(JsonPatch.add(`${CONTAINER}/livenessProbe/httpGet/scheme`, 'HTTPS')),
      'StatefulSet "pika" livenessProbe scheme must be HTTP because server.tls.enabled is false (found "HTTPS")');
  });

  test('a bind address with a port is no IP literal', () => {
    expectSynthFailure({ config: { cluster: { bind_addr: '0.0.0.0:5000' } } }, undefined,
      'ConfigMap "pika" pika.yaml cluster.bind_addr must be an IP address literal; Pika refuses host names here (found "0.0.0.0:5000")');
    expectSynthFailure({ config: { cluster: { bind_addr: 'fe80::1%eth0' } } }, undefined, 'ConfigMap "pika" pika.yaml cluster.bind_addr must be an IP address literal');
    expect(() => synthPika({ config: { cluster: { bind_addr: '::' } } })).not.toThrow();
  });

  test('outbound guard ranges must parse, as Pika stops otherwise', () => {
    expectSynthFailure({ config: { server: { outbound: { deny_cidrs: ['169.254.0.0/16', '10.0.0.0/40'], allow_cidrs: '10.0.0.0/8' } } } }, undefined,
      'ConfigMap "pika" pika.yaml server.outbound.deny_cidrs[1] must be a CIDR range Go parses (an IPv4 or IPv6 address, "/" and a prefix length): Pika stops at start on any other (found "10.0.0.0/40")',
      'ConfigMap "pika" pika.yaml server.outbound.allow_cidrs must be a list of CIDR ranges (found "10.0.0.0/8")');
    expect(() => synthPika({ config: { server: { outbound: { deny_cidrs: ['10.0.0.1/8', 'fd00::/8'] } } } })).not.toThrow();
  });
});

describe('no secret in pika.yaml', () => {
  test.each([
    ['telemetry.token', { telemetry: { token: 'abc' } }, 'PIKA_TELEMETRY_TOKEN'],
    ['server.apiKey', { server: { apiKey: 'abc' } }, 'PIKA_SERVER_APIKEY'],
    ['vault.credentials[0].private_key', { vault: { credentials: [{ private_key: 'abc' }] } }, 'PIKA_VAULT_CREDENTIALS_0_PRIVATE_KEY'],
  ])('%s is refused without echoing it, with its env var as the fix', (path, config, variable) => {
    const message = expectSynthFailure({ config }, undefined,
      `ConfigMap "pika" pika.yaml ${path} must not be in the ConfigMap: ConfigMaps are not encrypted at rest and anyone who can read the namespace sees them (found "<a secret value>"). Fix: remove it from the raw config; Pika reads every key from env too: set env ${variable} with EnvValue.fromSecretValue(...)`);
    expect(message).not.toContain('abc');
  });

  test('keys that only name or locate a secret are fine', () => {
    expect(() => synthPika({ config: { telemetry: { tls: { key_file: '/tmp/x', token_file: '/tmp/t' } }, cluster: { lock_key: 'pika-leader' } } })).not.toThrow();
  });

  test('the env var from a Secret is the way in; a plain one is not', () => {
    expect(() => synthPika({ env: { PIKA_TELEMETRY_TOKEN: secretEnv('token') } })).not.toThrow();
    expectSynthFailure({ env: { PIKA_TELEMETRY_TOKEN: EnvValue.fromValue('abc') } }, undefined,
      'StatefulSet "pika" env PIKA_TELEMETRY_TOKEN must not be set: Pika reads PIKA_<PATH> variables as config keys after pika.yaml');
  });
});
