import { Duration, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { PikaCluster, PikaServerTls, PikoAgent, PikoAgentTarget, PikoCluster, PikoHttpRoute, PikoRoutedListener } from '../../lib';
import { thrownMessage } from '../support/synth';

// Found by the validation campaign: durations of fractional milliseconds that reached a cdk8s
// conversion ("1.5 must be a whole number of millis.") before the rule that names them, and a
// misspelt key inside cdk8s-plus-28's resources struct that was dropped unseen.

const listener = { endpointId: 'web', port: 8080, timeout: Duration.seconds(30) };

test('PikoAgent: a fractional grace period is named, not a cdk8s error', () => {
  const message = thrownMessage(() => new PikoAgent(Testing.chart(), 'agent', {
    connectTo: PikoAgentTarget.url('https://piko.example.com'), listeners: [listener], gracePeriod: Duration.millis(1.5),
  }));
  expect(message).toContain('[test/agent] PikoAgent gracePeriod must be positive, in whole milliseconds (found "1.5ms")');
});

test('PikoCluster: a fractional grace period is named', () => {
  expect(thrownMessage(() => new PikoCluster(Testing.chart(), 'piko', { gracePeriod: Duration.millis(2.5) })))
    .toContain('[test/piko] PikoCluster gracePeriod must be');
});

test('PikaCluster: fractional heartbeats are named, and compared without a crash', () => {
  const message = thrownMessage(() => new PikaCluster(Testing.chart(), 'pika', {
    clustering: { heartbeatInterval: Duration.millis(0.001), heartbeatTimeout: Duration.millis(0.0005) },
  }));
  expect(message).toContain('[test/pika] PikaCluster clustering.heartbeatInterval must be positive, in whole milliseconds (found "0.001ms")');
  expect(message).toContain('[test/pika] PikaCluster clustering.heartbeatTimeout must be longer than clustering.heartbeatInterval (0.001ms)');
});

test('PikaCluster: a fractional certificate lifetime is named', () => {
  const message = thrownMessage(() => new PikaCluster(Testing.chart(), 'pika', {
    server: { tls: PikaServerTls.fromCertManager({ issuerName: 'letsencrypt', duration: Duration.millis(0.5), renewBefore: Duration.hours(1) }) },
  }));
  expect(message).toContain('[test/pika] PikaCluster server.tls certManager.duration must be positive, in whole milliseconds (found "0.5ms")');
});

test('a misspelt key in resources is named', () => {
  const message = thrownMessage(() => new PikaCluster(Testing.chart(), 'pika', { resources: { cpus: { request: Cpu.millis(500) } } as any }));
  expect(message).toContain('[test/pika] PikaCluster resources.cpus is not a setting of ContainerResources (found {"request":{"amount":"500m"}}). Fix: did you mean cpu?');
  expect(thrownMessage(() => new PikaCluster(Testing.chart(), 'pika', { resources: { cpu: { request: '500m' } } as any })))
    .toContain('[test/pika] PikaCluster resources.cpu.request must be a Cpu (found "500m"). Fix: use Cpu.millis(500), Cpu.units(1) or another Cpu factory');
});

test('PikoHttpRoute: a fractional request timeout is named, not a cdk8s error', () => {
  const chart = Testing.chart();
  const message = thrownMessage(() => new PikoHttpRoute(chart, 'route', {
    cluster: new PikoCluster(chart, 'piko'), listener: PikoRoutedListener.PROXY, gateways: [{ name: 'gw' }], requestTimeout: Duration.millis(0.001),
  }));
  expect(message).toContain('[test/route] PikoHttpRoute requestTimeout must be 0 or more, in whole milliseconds (found "0.001ms"). Fix: use e.g. Duration.seconds(1)');
});
