import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { EnvValue, PodManagementPolicy, StatefulSetUpdateStrategy } from 'cdk8s-plus-28';
import {
  PikaCluster, PikaEncryption, PikaPassphrase, PikaServerTls, SecretStoreKind,
} from '../../lib';
import { captureWarnings, findObject, Manifest, pikaPropsError, pikaSynthError, serverContainer, synthPika, synthPiko } from '../support/synth';

const NEWER = 'ghcr.io/rakunlabs/pika:v0.4.0';
const passphrase = PikaPassphrase.fromSecret('pika-encryption');
const CONTAINER = '/spec/template/spec/containers/0';

describe('manual unlock (the default)', () => {
  test('keeps upstream\'s readiness probe and sets no passphrase', () => {
    const container = serverContainer(synthPika());
    expect(container.readinessProbe.httpGet.path).toBe('/healthz');
    expect(container.env.map((e: Manifest) => e.name)).not.toContain('PIKA_ENCRYPTION_PASSWORD');
  });

  test('with the readiness gate, asks /api/v1/key/status with BusyBox tools', () => {
    const probe = serverContainer(synthPika({
      encryption: PikaEncryption.manualUnlock({ readinessGate: true }),
      podManagementPolicy: PodManagementPolicy.PARALLEL,
    })).readinessProbe;
    expect(probe).toEqual({
      exec: {
        command: ['sh', '-c', 'wget -q -O - http://127.0.0.1:8080/api/v1/key/status | grep -Eq \'"initialized": *false|"unlocked": *true\''],
      },
      initialDelaySeconds: 5,
      periodSeconds: 5,
      timeoutSeconds: 3,
    });
  });

  test('the gate follows the port, base path and TLS', () => {
    const command = serverContainer(synthPika({
      server: { port: 9443, basePath: '/pika', tls: PikaServerTls.selfSigned() },
      encryption: PikaEncryption.manualUnlock({ readinessGate: true }),
      podManagementPolicy: PodManagementPolicy.PARALLEL,
    })).readinessProbe.exec.command;
    expect(command[2]).toBe('wget -q --no-check-certificate -O - https://127.0.0.1:9443/pika/api/v1/key/status | grep -Eq \'"initialized": *false|"unlocked": *true\'');
  });

  test('warns that the gate with manual unlock and ordered start can deadlock a full restart', () => {
    const gate = PikaEncryption.manualUnlock({ readinessGate: true });
    expect(captureWarnings(() => synthPika({ encryption: gate }))).toEqual([
      '[test/pika] warning: PikaCluster StatefulSet "pika" spec.podManagementPolicy is OrderedReady with the unlock gate and manual unlock: after a full restart member 0 stays locked and unready, member 1 is never started, and without quorum there is no leader to unlock it (found "OrderedReady"). Fix: use PikaEncryption.autoUnlock(), or podManagementPolicy: PodManagementPolicy.PARALLEL (immutable: set it before the first apply)',
    ]);
    expect(captureWarnings(() => synthPika({ encryption: gate, podManagementPolicy: PodManagementPolicy.PARALLEL }))).toEqual([]);
    expect(captureWarnings(() => synthPika({ encryption: gate, replicas: 1 })).filter((w) => w.includes('podManagementPolicy'))).toEqual([]);
  });

  test('a partitioned rolling update stages a rollout; Piko takes the same settings', () => {
    const pika = findObject(synthPika({ updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }) }), 'StatefulSet', 'pika');
    expect(pika.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    const piko = findObject(synthPiko({ updateStrategy: StatefulSetUpdateStrategy.onDelete(), podManagementPolicy: PodManagementPolicy.PARALLEL }), 'StatefulSet', 'piko');
    expect([piko.spec.updateStrategy, piko.spec.podManagementPolicy]).toEqual([{ type: 'OnDelete' }, 'Parallel']);
  });

  test('rollout settings for operators who unlock by hand', () => {
    const statefulSet = findObject(synthPika({ updateStrategy: StatefulSetUpdateStrategy.onDelete(), podManagementPolicy: PodManagementPolicy.PARALLEL }), 'StatefulSet', 'pika');
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(statefulSet.spec.podManagementPolicy).toBe('Parallel');
  });
});

describe('auto-unlock', () => {
  test('passes the passphrase only through a secretKeyRef, with the gate on by default', () => {
    const objects = synthPika({ image: NEWER, encryption: PikaEncryption.autoUnlock({ passphrase }) });
    const container = serverContainer(objects);
    expect(container.env).toContainEqual({ name: 'PIKA_ENCRYPTION_PASSWORD', valueFrom: { secretKeyRef: { name: 'pika-encryption', key: 'passphrase' } } });
    expect(container.readinessProbe.exec).toBeDefined();
    expect(findObject(objects, 'ConfigMap', 'pika').data['pika.yaml']).not.toContain('encryption');
  });

  test('can drop the gate', () => {
    const container = serverContainer(synthPika({ image: NEWER, encryption: PikaEncryption.autoUnlock({ passphrase, readinessGate: false }) }));
    expect(container.readinessProbe.httpGet.path).toBe('/healthz');
  });

  test('reads the passphrase from a store through an ExternalSecret', () => {
    const objects = synthPika({
      image: NEWER,
      encryption: PikaEncryption.autoUnlock({ passphrase: PikaPassphrase.fromExternalSecret({ store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE }, remoteKey: 'pika/passphrase' }) }),
    });
    expect(findObject(objects, 'ExternalSecret', 'pika-encryption').spec).toEqual({
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: { name: 'pika-encryption' },
      data: [{ secretKey: 'passphrase', remoteRef: { key: 'pika/passphrase' } }],
    });
    expect(serverContainer(objects).env).toContainEqual({ name: 'PIKA_ENCRYPTION_PASSWORD', valueFrom: { secretKeyRef: { name: 'pika-encryption', key: 'passphrase' } } });
  });

  test.each(['ghcr.io/rakunlabs/pika:v0.3.1', 'ghcr.io/rakunlabs/pika:v0.4.0', 'ghcr.io/rakunlabs/pika:1.0.0'])('accepts %s', (image) => {
    expect(captureWarnings(() => synthPika({ image, encryption: PikaEncryption.autoUnlock({ passphrase }) }))).toEqual([]);
  });

  test.each(['ghcr.io/rakunlabs/pika:v0.3.0', 'ghcr.io/rakunlabs/pika:v0.2.9'])('is refused at synth for %s, which ignores the passphrase', (image) => {
    expect(pikaSynthError({ image, encryption: PikaEncryption.autoUnlock({ passphrase }) })).toContain(
      `[test/pika] PikaCluster StatefulSet "pika" image must be a Pika release newer than v0.3.0 for auto-unlock: older releases ignore PIKA_ENCRYPTION_PASSWORD and every member stays locked (found "${image}"). Fix: set image to a newer release, or use PikaEncryption.manualUnlock()`);
  });

  test('is refused for the default image, which predates auto-unlock', () => {
    expect(pikaSynthError({ encryption: PikaEncryption.autoUnlock({ passphrase }) })).toContain('image must be a Pika release newer than v0.3.0 for auto-unlock');
  });

  test.each([`ghcr.io/rakunlabs/pika@sha256:${'a'.repeat(64)}`, 'ghcr.io/rakunlabs/pika:main-4f2a1c'])('only warns for %s, which is not a version', (image) => {
    expect(captureWarnings(() => synthPika({ image, encryption: PikaEncryption.autoUnlock({ passphrase }) }))).toEqual([
      `[test/pika] warning: PikaCluster StatefulSet "pika" image cannot be checked for auto-unlock support: it is not a version tag, and only releases newer than v0.3.0 read PIKA_ENCRYPTION_PASSWORD (found "${image}"). Fix: make sure the image is a newer release, or members stay locked after every restart`,
    ]);
  });

  test('refuses a bad passphrase reference and a passphrase in extra env', () => {
    const message = pikaPropsError({ encryption: PikaEncryption.autoUnlock({ passphrase: PikaPassphrase.fromSecret('Pika Encryption', 'pass phrase') }) });
    expect(message).toContain('PikaCluster encryption passphrase secret name must be a DNS-1123 subdomain');
    expect(message).toContain('PikaCluster encryption passphrase key must be a data key');
    expect(pikaPropsError({ env: { PIKA_ENCRYPTION_PASSWORD: EnvValue.fromValue('x') } })).toContain(
      'PikaCluster env "PIKA_ENCRYPTION_PASSWORD" must not set a variable the construct renders itself (found "PIKA_ENCRYPTION_PASSWORD"). Fix: set it through the encryption prop (PikaEncryption.autoUnlock) instead');
  });
});

describe('synth-time rules for encryption', () => {
  const auto = { image: NEWER, encryption: PikaEncryption.autoUnlock({ passphrase }) };
  const patchStatefulSet = (...patches: JsonPatch[]) => (pika: PikaCluster) => ApiObject.of(pika).addJsonPatch(...patches);

  test('auto-unlock without the env var', () => {
    expect(pikaSynthError(auto, patchStatefulSet(JsonPatch.remove(`${CONTAINER}/env/1`)))).toContain(
      '[test/pika] PikaCluster StatefulSet "pika" env PIKA_ENCRYPTION_PASSWORD must be set: auto-unlock is configured, and without it every member stays locked after a restart (found nothing)');
  });

  test('the gate replaced by an httpGet probe', () => {
    expect(pikaSynthError(auto, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe`, { httpGet: { path: '/healthz', port: 8080 } })))).toContain(
      'PikaCluster StatefulSet "pika" readinessProbe must be the unlock-aware exec gate the encryption prop asks for: an httpGet probe passes while the member is locked');
  });

  test('a gate asking another port or base path than Pika serves', () => {
    expect(pikaSynthError({ ...auto, config: { server: { base_path: '/pika' } } })).toContain(
      'PikaCluster StatefulSet "pika" readinessProbe URL must be http://127.0.0.1:8080/pika/api/v1/key/status, as Pika serves it (server.port, server.base_path, server.tls) (found "http://127.0.0.1:8080/api/v1/key/status")');
  });

  test('a gate that would fail an unlocked member', () => {
    const script = 'wget -q -O - http://127.0.0.1:8080/api/v1/key/status | grep -Eq \'"initialized": *false\'';
    expect(pikaSynthError(auto, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe/exec/command/2`, script)))).toContain(
      'PikaCluster StatefulSet "pika" readinessProbe command must pass for an unlocked member ("unlocked":true)');
  });

  test('another exec probe', () => {
    expect(pikaSynthError({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/readinessProbe`, { exec: { command: ['true'] } })))).toContain(
      'PikaCluster StatefulSet "pika" readinessProbe must be httpGet /healthz or the unlock gate on /api/v1/key/status (found ["true"])');
  });

  test('the passphrase ExternalSecret must write the Secret the pods read', () => {
    const props = { image: NEWER, encryption: PikaEncryption.autoUnlock({ passphrase: PikaPassphrase.fromExternalSecret({ store: { name: 'vault' }, remoteKey: 'pika' }) }) };
    expect(pikaSynthError(props, (pika) => pika.passphraseExternalSecret!.addJsonPatch(JsonPatch.replace('/spec/data/0/secretKey', 'password')))).toContain(
      'PikaCluster ExternalSecret "pika-encryption" spec.target must write key "passphrase" of Secret "pika-encryption", which PIKA_ENCRYPTION_PASSWORD reads');
  });
});

// The gate's command, run for real against a server answering like Pika's status route: with the
// machine's sh and wget, and with BusyBox applets (as in the Alpine image) when BusyBox is here.
describe('the readiness gate at run time', () => {
  const toolsets: Array<[string, string]> = [['sh and wget', process.env.PATH ?? '']];
  const busybox = ['/usr/bin/busybox', '/bin/busybox'].find((p) => fs.existsSync(p));
  if (busybox) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'busybox-'));
    for (const applet of ['sh', 'wget', 'grep']) {
      fs.symlinkSync(busybox, path.join(dir, applet));
    }
    toolsets.push(['BusyBox', dir]);
  }

  let server: http.Server;
  let status: string | undefined;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/pika/api/v1/key/status' && status !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(status);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function gateCommand(): string[] {
    return serverContainer(synthPika({
      image: NEWER,
      server: { port, basePath: '/pika' },
      encryption: PikaEncryption.autoUnlock({ passphrase }),
    })).readinessProbe.exec.command;
  }

  function runGate(pathVariable: string): Promise<boolean> {
    const [command, ...args] = gateCommand();
    return new Promise((resolve) => {
      execFile(command, args, { env: { PATH: pathVariable }, timeout: 10_000 }, (error) => resolve(error === null));
    });
  }

  describe.each(toolsets)('with %s', (_name, pathVariable) => {
    test.each([
      ['a store without encryption', '{"initialized":false,"unlocked":false}', true],
      ['a locked store', '{"initialized":true,"unlocked":false}', false],
      ['an unlocked store (auto-unlock or by hand)', '{"initialized":true,"unlocked":true}', true],
      ['a server that is not answering the route', undefined, false],
    ])('%s: ready is %p', async (_state, body, ready) => {
      status = body;
      expect(await runGate(pathVariable)).toBe(ready);
    });
  });
});
