import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import * as lib from '../../lib';
import {
  DisruptionBudget, NetworkPeer, PikaCluster, PikaEncryption, PikaPassphrase, PikaSecretStore, PikaSecurityKey, PikaServerTls,
  PikoAgent, PikoAgentSidecar, PikoAgentTarget, PikoAgentToken, PikoAuth, PikoCluster, PikoHeaderFilter, PikoServerTrust,
  PikoSidecarHost, PikoTls, ServiceExposure,
} from '../../lib';
import { hasGuardedFactories } from '../../lib/common/factory-arguments';
import { SEED } from '../property/support';
import { thrownMessage } from '../support/synth';

// The option classes' factories hold their arguments to the parameter types of the jsii assembly:
// what a JavaScript caller passes wrongly is reported by the construct the value reaches, with the
// prop, the factory and the parameter, never a TypeError.

const untyped = (value: unknown) => value as any;
const assembly = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.jsii'), 'utf8'));

const pikaError = (props: unknown) => thrownMessage(() => Testing.synth(((chart) => (new PikaCluster(chart, 'pika', untyped(props)), chart))(Testing.chart())));
const pikoError = (props: unknown) => thrownMessage(() => Testing.synth(((chart) => (new PikoCluster(chart, 'piko', untyped(props)), chart))(Testing.chart())));
const listener = { endpointId: 'app', port: 8080, timeout: Duration.seconds(30) };
const agentError = (props: unknown) => thrownMessage(() => new PikoAgent(Testing.chart(), 'agent', untyped({ listeners: [listener], ...(props as object) })));

test('every class of the package with static methods has guarded factories', () => {
  const classes = Object.entries(assembly.types as { [fqn: string]: any })
    .filter(([, type]) => type.kind === 'class' && (type.methods ?? []).some((m: any) => m.static))
    .map(([fqn]) => fqn.split('.')[1]);
  expect(classes.length).toBeGreaterThan(10);
  expect(classes.filter((name) => !hasGuardedFactories((lib as any)[name]))).toEqual([]);
});

describe('wrong arguments, reported by the construct they reach', () => {
  test.each([
    ['an unset environment variable for a literal key', { securityKey: PikaSecurityKey.fromLiteral(untyped(process.env.CDK8S_PIKA_PIKO_UNSET)) },
      'securityKey: PikaSecurityKey.fromLiteral() value is required (found nothing). Fix: pass a non-empty string (an unset environment variable reads as undefined: check it is set)'],
    ['an empty Secret name', { securityKey: PikaSecurityKey.fromSecret('') },
      'securityKey: PikaSecurityKey.fromSecret() secretName must not be empty (found ""). Fix: pass the value; if it comes from an environment variable, check it is set'],
    ['a string for a count', { disruptionBudget: DisruptionBudget.maxUnavailable(untyped('2')) },
      'disruptionBudget: DisruptionBudget.maxUnavailable() count must be a finite number (found "2"). Fix: pass a number, not a string'],
    ['NaN for a count', { disruptionBudget: DisruptionBudget.minAvailable(NaN) },
      'disruptionBudget: DisruptionBudget.minAvailable() count must be a finite number (found "NaN"). Fix: pass a finite number'],
    ['no options for cert-manager', { server: { tls: PikaServerTls.fromCertManager(untyped(undefined)) } },
      'server.tls: PikaServerTls.fromCertManager() options is required (found nothing). Fix: pass a CertManagerOptions'],
    ['a string for a passphrase, one factory inside another', { encryption: PikaEncryption.autoUnlock(untyped({ passphrase: 'secret' })) },
      'encryption: PikaEncryption.autoUnlock() options.passphrase must be a PikaPassphrase (found "secret")'],
    ['a wrong argument of the inner factory', { encryption: PikaEncryption.autoUnlock({ passphrase: PikaPassphrase.fromSecret(untyped(undefined)) }) },
      'encryption: PikaEncryption.autoUnlock() options.passphrase: PikaPassphrase.fromSecret() secretName is required (found nothing)'],
    ['a misspelt option', { server: { service: ServiceExposure.loadBalancer(untyped({ sourceRange: ['10.0.0.0/8'] })) } },
      'server.service: ServiceExposure.loadBalancer() options.sourceRange is not a setting of LoadBalancerExposureOptions (found ["10.0.0.0/8"]). Fix: did you mean sourceRanges?'],
    ['no CIDR', { networkPolicy: { httpFrom: [NetworkPeer.ipBlock(untyped(undefined))] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.ipBlock() cidr is required (found nothing)'],
    ['a number as a label value', { networkPolicy: { httpFrom: [NetworkPeer.podsWithLabels(untyped({ app: 5 }))] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.podsWithLabels() labels.app must be a string (found 5). Fix: pass a string'],
    ['a CIDR with host bits', { networkPolicy: { httpFrom: [NetworkPeer.ipBlock('10.0.0.1/8')] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.ipBlock() cidr must have no host bits set: the address must be the first of its range (found "10.0.0.1/8"). Fix: did you mean 10.0.0.0/8? For a single address, use /32'],
    ['an IPv6 CIDR too long', { networkPolicy: { httpFrom: [NetworkPeer.ipBlock('fd00::/200')] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.ipBlock() cidr must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6) (found "fd00::/200")'],
    ['an exception outside the range', { networkPolicy: { httpFrom: [NetworkPeer.ipBlock('10.0.0.0/8', ['192.168.0.0/16'])] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.ipBlock() exceptCidrs[0] must lie strictly inside the cidr 10.0.0.0/8: Kubernetes refuses an exception outside the range or equal to it (found "192.168.0.0/16")'],
    ['a namespace name that is no DNS label', { networkPolicy: { httpFrom: [NetworkPeer.namespaceNamed('Team_A')] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.namespaceNamed() name must be a DNS-1123 label of at most 63 characters'],
    ['a bad namespace and label of pods in a namespace', { networkPolicy: { httpFrom: [NetworkPeer.podsInNamespace('-x', { 'app name': 'web' })] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.podsInNamespace() namespaceName must be a DNS-1123 label'],
    ['a label value Kubernetes refuses', { networkPolicy: { httpFrom: [NetworkPeer.namespacesWithLabels({ team: 'a b' })] } },
      'networkPolicy.httpFrom[0]: NetworkPeer.namespacesWithLabels() labels "team" must be a label value'],
    ['a load balancer source range that is no CIDR', { server: { service: ServiceExposure.loadBalancer({ sourceRanges: ['10.0.0.0/8', '203.0.113.7'] }) } },
      'server.service.sourceRanges[1] must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6) (found "203.0.113.7")'],
  ])('PikaCluster: %s', (_case, props, line) => {
    expect(pikaError(props)).toContain(`[test/pika] PikaCluster ${line}`);
  });

  test.each([
    ['no Secret', { proxy: { auth: PikoAuth.hmac(untyped(undefined), untyped(undefined)) } },
      ['proxy.auth: PikoAuth.hmac() secretName is required (found nothing)', 'proxy.auth: PikoAuth.hmac() key is required (found nothing)']],
    ['a number for a JWKS endpoint', { proxy: { auth: PikoAuth.jwks(untyped(5)) } }, ['proxy.auth: PikoAuth.jwks() endpoint must be a string (found 5)']],
    ['null for a Secret name', { upstream: { tls: PikoTls.fromSecret(untyped(null)) } }, ['upstream.tls: PikoTls.fromSecret() secretName must not be null (found null)']],
    ['a string for a header list', { proxy: { accessLog: { requestHeaders: PikoHeaderFilter.allow(untyped('X-Request-Id')) } } },
      ['proxy.accessLog.requestHeaders: PikoHeaderFilter.allow() headers must be a list of string (found "X-Request-Id")']],
    ['an empty header', { proxy: { accessLog: { requestHeaders: PikoHeaderFilter.block(['']) } } },
      ['proxy.accessLog.requestHeaders: PikoHeaderFilter.block() headers[0] must not be empty (found "")']],
  ])('PikoCluster: %s', (_case, props, lines) => {
    const message = pikoError(props);
    lines.forEach((line) => expect(message).toContain(`[test/piko] PikoCluster ${line}`));
  });

  test.each([
    ['a string for a cluster', { connectTo: PikoAgentTarget.cluster(untyped('piko')) },
      'connectTo: PikoAgentTarget.cluster() cluster must be a PikoCluster (found "piko"). Fix: pass the PikoCluster construct itself (new PikoCluster(...))'],
    ['no URL', { connectTo: PikoAgentTarget.url(untyped(undefined)) }, 'connectTo: PikoAgentTarget.url() url is required (found nothing)'],
    ['a number for a Secret name', { connectTo: PikoAgentTarget.url('https://piko.example.com'), token: PikoAgentToken.fromSecret(untyped(5), 'token') },
      'token: PikoAgentToken.fromSecret() secretName must be a string (found 5)'],
    ['an empty ConfigMap name', { connectTo: PikoAgentTarget.url('https://piko.example.com'), serverTrust: PikoServerTrust.fromConfigMap('') },
      'serverTrust: PikoServerTrust.fromConfigMap() configMapName must not be empty (found "")'],
  ])('PikoAgent: %s', (_case, props, line) => {
    expect(agentError(props)).toContain(`[test/agent] PikoAgent ${line}`);
  });

  test('PikoAgentSidecar: a number for a workload', () => {
    const message = thrownMessage(() => new PikoAgentSidecar(Testing.chart(), 'sidecar', untyped({
      host: PikoSidecarHost.workload(untyped(5)), connectTo: PikoAgentTarget.url('https://piko.example.com'), listeners: [listener],
    })));
    expect(message).toContain('[test/sidecar] PikoAgentSidecar host: PikoSidecarHost.workload() workload must be a Workload (found 5)');
  });

  test('PikaSecretStore.addExternalSecret: its arguments are checked as a factory\'s', () => {
    const chart = Testing.chart();
    const store = new PikaSecretStore(chart, 'store', { cluster: new PikaCluster(chart, 'pika'), token: { secretName: 'pika-token' } });
    expect(thrownMessage(() => store.addExternalSecret('files', untyped({ name: 'app', data: 'x' }))))
      .toContain('[test/store] PikaSecretStore PikaSecretStore.addExternalSecret() options.data must be a list of PikaRemoteFile (found "x")');
  });
});

test('a right-typed call is unchanged: the factory\'s own value comes back', () => {
  expect(DisruptionBudget.maxUnavailable(2)._bind()).toEqual({ maxUnavailable: 2 });
  expect(PikaSecurityKey.fromSecret('pika-cluster')._bind('pika')).toEqual({ secretName: 'pika-cluster', key: 'security_key' });
});

test('any value for any factory parameter synthesizes or is a named problem, never a crash', () => {
  const anything = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 6 }), fc.integer(), fc.double(),
    fc.boolean(), fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }));
  const calls: Array<[string, (args: unknown[]) => unknown]> = [
    ['securityKey', (a) => PikaSecurityKey.fromSecret(untyped(a[0]), untyped(a[1]))],
    ['securityKey', (a) => PikaSecurityKey.fromLiteral(untyped(a[0]))],
    ['disruptionBudget', (a) => DisruptionBudget.minAvailable(untyped(a[0]))],
    ['server.tls', (a) => PikaServerTls.fromSecret(untyped(a[0]), untyped(a[1]))],
    ['server.service', (a) => ServiceExposure.nodePort(untyped(a[0]))],
    ['encryption', (a) => PikaEncryption.manualUnlock(untyped(a[0]))],
  ];
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  fc.assert(fc.property(fc.constantFrom(...calls), fc.tuple(anything, anything), ([prop, call], args) => {
    const props = prop.includes('.') ? { server: { [prop.split('.')[1]]: call(args) } } : { [prop]: call(args) };
    try {
      Testing.synth(((chart) => (new PikaCluster(chart, 'pika', untyped(props)), chart))(Testing.chart()));
    } catch (error) {
      expect((error as Error).constructor).toBe(Error);
      expect((error as Error).message).toMatch(/\[test\/pika\] PikaCluster .+ \(found .*\)\. Fix: /);
    }
  }), { seed: SEED, numRuns: 150 });
  jest.restoreAllMocks();
});
