import { Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { remainingFindings, SEED, synthYaml } from './support';
import { DisruptionBudget, LogLevel, PikaCluster, PikaClusterProps, PikoCluster, PikoClusterProps, ServiceExposure } from '../../lib';

const budgets = fc.constantFrom(DisruptionBudget.serverDefault(), DisruptionBudget.none(), DisruptionBudget.maxUnavailable(1));

// Property (a): any valid props synthesize, the output is the same on every run, and it passes
// the Kubernetes validity rules and hardening warnings on its own objects.

const RUNS = 25;

const dnsName = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const logLevel = fc.constantFrom(...Object.values(LogLevel));
const podLabels = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 });
const env = fc.dictionary(fc.stringMatching(/^APP_[A-Z]{1,6}$/), fc.string({ maxLength: 12 }).map((v) => EnvValue.fromValue(v)), { maxKeys: 3 });
const resources = fc.record({
  cpu: fc.integer({ min: 10, max: 4000 }), cpuHeadroom: fc.nat(2000), memory: fc.integer({ min: 16, max: 8192 }), memoryHeadroom: fc.nat(4096),
})
  .map((r) => ({
    cpu: { request: Cpu.millis(r.cpu), limit: Cpu.millis(r.cpu + r.cpuHeadroom) },
    memory: { request: Size.mebibytes(r.memory), limit: Size.mebibytes(r.memory + r.memoryHeadroom) },
  }));
const ports = (count: number) => fc.uniqueArray(fc.integer({ min: 1024, max: 29999 }), { minLength: count, maxLength: count });
const nodePort = fc.integer({ min: 30000, max: 32767 });
const exposure = (port: fc.Arbitrary<number | undefined>) => fc.oneof(
  fc.constant(ServiceExposure.clusterIp()),
  port.map((p) => ServiceExposure.nodePort({ nodePort: p })),
  port.map((p) => ServiceExposure.loadBalancer({ nodePort: p, sourceRanges: ['10.0.0.0/8'] })),
);

const pikaProps: fc.Arbitrary<PikaClusterProps> = fc.record({
  name: dnsName,
  namespace: dnsName,
  replicas: fc.integer({ min: 1, max: 7 }),
  ports: ports(6),
  endpointNames: fc.uniqueArray(fc.stringMatching(/^[a-z]{3,8}$/).filter((n) => n !== 'http' && n !== 'cluster'), { maxLength: 4 }),
  logLevel,
  podLabels,
  env,
  resources,
  storage: fc.integer({ min: 1, max: 500 }),
  grace: fc.integer({ min: 25, max: 300 }), // 20s for Pika's stop plus the default 5s preStop pause
  flags: fc.record({ disruptionBudget: budgets, createNamespace: fc.boolean(), rolloutOnConfigChange: fc.boolean() }),
  service: exposure(fc.option(nodePort, { nil: undefined })),
}).map((p) => ({
  name: p.name,
  namespace: p.namespace,
  replicas: p.replicas,
  // One node port cannot serve the endpoints' ports too (a props rule): leave it to Kubernetes then.
  server: { port: p.ports[0], service: p.endpointNames.length > 0 ? ServiceExposure.nodePort() : p.service },
  clustering: { port: p.ports[1] },
  endpoints: p.endpointNames.map((name, i) => ({ name, port: p.ports[2 + i] })),
  logLevel: p.logLevel,
  podLabels: p.podLabels,
  env: p.env,
  resources: p.resources,
  storage: { size: Size.gibibytes(p.storage) },
  terminationGracePeriod: Duration.seconds(p.grace),
  ...p.flags,
}));

const pikoProps: fc.Arbitrary<PikoClusterProps> = fc.record({
  name: dnsName,
  namespace: dnsName,
  replicas: fc.integer({ min: 1, max: 5 }),
  ports: ports(4),
  nodePorts: fc.uniqueArray(nodePort, { minLength: 2, maxLength: 2 }),
  proxyExposed: fc.boolean(),
  logLevel,
  podLabels,
  resources,
  grace: fc.integer({ min: 1, max: 120 }),
  flags: fc.record({ disruptionBudget: budgets, createNamespace: fc.boolean(), rolloutOnConfigChange: fc.boolean() }),
}).map((p) => ({
  name: p.name,
  namespace: p.namespace,
  replicas: p.replicas,
  ports: { proxy: p.ports[0], upstream: p.ports[1], admin: p.ports[2], gossip: p.ports[3] },
  proxy: { service: p.proxyExposed ? ServiceExposure.nodePort({ nodePort: p.nodePorts[0] }) : ServiceExposure.clusterIp() },
  upstream: { service: ServiceExposure.loadBalancer({ nodePort: p.nodePorts[1] }) },
  logLevel: p.logLevel,
  podLabels: p.podLabels,
  resources: p.resources,
  gracePeriod: Duration.seconds(p.grace),
  ...p.flags,
}));

// Even member counts and one- or two-member budgets warn by design; those warnings are not
// under test here.
beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterAll(() => jest.restoreAllMocks());

test.each([
  ['PikaCluster', PikaCluster, pikaProps, 'pika'],
  ['PikoCluster', PikoCluster, pikoProps, 'piko'],
] as const)('%s: valid props synthesize, deterministically, into valid objects', (_kind, cls, props, container) => {
  fc.assert(fc.property(props as fc.Arbitrary<any>, (p) => {
    const chart = Testing.chart();
    new (cls as any)(chart, 'cluster', p);
    const objects = Testing.synth(chart);
    expect(remainingFindings(objects, p.namespace, container)).toEqual([]);
    expect(synthYaml(cls as any, p)).toBe(synthYaml(cls as any, p));
  }), { seed: SEED, numRuns: RUNS });
});
