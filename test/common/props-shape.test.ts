import { Duration, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { PikaCluster, PikaHttpRoute, PikaSecurityKey, PikoCluster, PikoMonitor } from '../../lib';

// What a JavaScript caller (or TypeScript through `any`) may pass: every mistake of type or name
// is reported by the construct, setting, value and fix, never as a TypeError from inside.

const untyped = (props: unknown) => props as any;

function propsError(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(RangeError);
    return (error as Error).message;
  }
  throw new Error('expected the constructor to throw, but it did not');
}

const pikaError = (props: unknown) => propsError(() => new PikaCluster(Testing.chart(), 'pika', untyped(props)));
const pikoError = (props: unknown) => propsError(() => new PikoCluster(Testing.chart(), 'piko', untyped(props)));

describe('props of the wrong type', () => {
  test.each([
    ['a number for a Duration', { terminationGracePeriod: 30 },
      'terminationGracePeriod must be a Duration (found 30). Fix: use Duration.seconds(30), Duration.minutes(2) or another Duration factory'],
    ['a string for a PikaSecurityKey', { securityKey: 'pika-cluster' },
      'securityKey must be a PikaSecurityKey (found "pika-cluster"). Fix: create it with PikaSecurityKey.fromExternalSecret(), PikaSecurityKey.fromLiteral(), PikaSecurityKey.fromSecret()'],
    ['null for an optional struct', { storage: null }, 'storage must not be null (found null). Fix: leave it out for the default'],
    ['a string where a number belongs', { replicas: '3' }, 'replicas must be a finite number (found "3"). Fix: pass a number, not a string'],
    ['infinity', { replicas: Infinity }, 'replicas must be a finite number (found "Infinity")'],
    ['a string for a boolean', { rolloutOnConfigChange: 'false' }, 'rolloutOnConfigChange must be true or false (found "false")'],
    ['a boolean for a class, as before 0.2', { disruptionBudget: false }, 'disruptionBudget must be a DisruptionBudget (found false)'],
    ['a non-string label value', { podLabels: { team: 7 } }, 'podLabels.team must be a string (found 7). Fix: pass a string'],
    ['a plain string for an env var', { env: { FOO: 'plain' } }, 'env.FOO must be an EnvValue (found "plain"). Fix: use EnvValue.fromValue("..."), EnvValue.fromSecretValue(...) or another EnvValue factory'],
    ['a string for a list', { endpoints: 'public' }, 'endpoints must be a list of PikaEndpoint (found "public"). Fix: pass a list (an array), even for one item'],
    ['a string for a struct', { server: '8080' }, 'server must be a PikaServerOptions (an object) (found "8080")'],
    ['an invalid enum string', { imagePullPolicy: 'always' }, 'imagePullPolicy must be one of "Always", "IfNotPresent", "Never" (found "always"). Fix: use ImagePullPolicy.ALWAYS or ImagePullPolicy.IF_NOT_PRESENT or ImagePullPolicy.NEVER'],
    ['a lower-case pod management policy', { podManagementPolicy: 'parallel' }, 'podManagementPolicy must be one of "OrderedReady", "Parallel" (found "parallel")'],
    ['a string for an update strategy', { updateStrategy: 'onDelete' }, 'updateStrategy must be a StatefulSetUpdateStrategy (found "onDelete"). Fix: use StatefulSetUpdateStrategy.rollingUpdate() or StatefulSetUpdateStrategy.onDelete()'],
    ['a class instance where a struct belongs', { storage: Duration.seconds(1) }, 'storage must be a PikaStorageOptions (an object) (found "an instance of Duration")'],
  ])('%s', (_case, props, line) => {
    expect(pikaError(props)).toContain(`[test/pika] PikaCluster ${line}`);
  });

  test.each([Infinity, NaN])('a Duration of %p seconds, which cdk8s cannot convert', (seconds) => {
    expect(pikoError({ gracePeriod: Duration.seconds(seconds) })).toContain(
      `[test/piko] PikoCluster gracePeriod must be a finite duration (found "${seconds * 1000}ms"). Fix: use e.g. Duration.seconds(30)`);
  });

  test('nested structs are checked too', () => {
    expect(pikoError({ proxy: { timeout: '60s' } })).toContain('[test/piko] PikoCluster proxy.timeout must be a Duration (found "60s")');
    expect(pikaError({ endpoints: [{ name: 'public', port: '9090' }] })).toContain('endpoints[0].port must be a finite number (found "9090")');
  });
});

describe('misspelt and unknown props', () => {
  test.each([
    [{ replica: 3 }, 'replica is not a setting of PikaClusterProps (found 3). Fix: did you mean replicas?'],
    [{ storage: { storage_class_name: 'fast' } }, 'storage.storage_class_name is not a setting of PikaStorageOptions (found "fast"). Fix: did you mean storageClassName?'],
    [{ storage: { storageClassNam: 'fast' } }, 'storage.storageClassNam is not a setting of PikaStorageOptions (found "fast"). Fix: did you mean storageClassName?'],
    [{ server: { basePat: '/pika' } }, 'server.basePat is not a setting of PikaServerOptions (found "/pika"). Fix: did you mean basePath?'],
    [{ LogLevel: 'debug' }, 'LogLevel is not a setting of PikaClusterProps (found "debug"). Fix: did you mean logLevel?'],
  ])('%p', (props, line) => {
    expect(pikaError(props)).toContain(`[test/pika] PikaCluster ${line}`);
  });

  test('a key far from every setting lists the settings', () => {
    expect(pikaError({ storage: { volume: 'x' } })).toContain(
      'storage.volume is not a setting of PikaStorageOptions (found "x"). Fix: remove it; the settings are accessModes, size, storageClassName, whenDeleted, whenScaled');
  });

  test('a key set to undefined is as good as absent', () => {
    expect(() => new PikaCluster(Testing.chart(), 'pika', untyped({ replica: undefined }))).not.toThrow();
    expect(() => new PikaCluster(Testing.chart(), 'pika', untyped({ storage: undefined, server: { port: undefined } }))).not.toThrow();
  });
});

test('every problem is reported at once, under one count', () => {
  const message = pikaError({ replica: 3, logLevel: 'loud', terminationGracePeriod: 30 });
  expect(message.split('\n')[0]).toBe('Invalid PikaCluster props (3 problems):');
});

test('a required prop that is missing, and the integrations\' props', () => {
  expect(propsError(() => new PikaHttpRoute(Testing.chart(), 'route', untyped({ gateways: [{ name: 'gw' }] }))))
    .toContain('[test/route] PikaHttpRoute cluster is required (found nothing). Fix: set it to a PikaCluster');
  const chart = Testing.chart();
  const piko = new PikoCluster(chart, 'piko');
  expect(propsError(() => new PikoMonitor(chart, 'metrics', untyped({ cluster: piko, intervall: Duration.seconds(30) }))))
    .toContain('[test/metrics] PikoMonitor intervall is not a setting of PikoMonitorProps');
});

test('correctly typed props from every factory pass', () => {
  const chart = Testing.chart();
  expect(() => new PikaCluster(chart, 'pika', {
    securityKey: PikaSecurityKey.fromSecret('key'),
    env: { TZ: EnvValue.fromValue('UTC') },
    terminationGracePeriod: Duration.seconds(40),
    endpoints: [{ name: 'public', port: 9090 }],
    config: { audit: { retention: '720h' } },
  })).not.toThrow();
});
