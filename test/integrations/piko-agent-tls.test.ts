import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  PikoAgent, PikoAgentListener, PikoAgentProps, PikoAgentProtocol, PikoAgentSidecar, PikoAgentTarget, PikoClientCertificate, PikoCluster,
  PikoClusterProps, PikoServerTrust, PikoSidecarHost, PikoTls,
} from '../../lib';
import { parseConfigYaml } from '../../lib/common/config-document';
import { checkAgentConfigKeys } from '../../lib/piko/agent/config-schema';
import { findObject, Manifest, synthError, thrownMessage } from '../support/synth';

// An agent reaches an HTTPS service through a listener's tls, and presents client certificates
// to that service and to the server's upstream port.

const HTTPS_LISTENER: PikoAgentListener = {
  endpointId: 'billing',
  host: 'billing.apps.svc',
  port: 8443,
  timeout: Duration.seconds(10),
  tls: {
    trust: PikoServerTrust.fromConfigMap('billing-ca'),
    clientCertificate: PikoClientCertificate.fromSecret('billing-client', { certificateKey: 'client.crt', privateKeyKey: 'client.key' }),
  },
};
const URL_TARGET = PikoAgentTarget.url('https://upstream.piko.example.com');

function agent(scope: Construct, props: Partial<PikoAgentProps> = {}): PikoAgent {
  return new PikoAgent(scope, 'agent', { connectTo: URL_TARGET, listeners: [HTTPS_LISTENER], ...props });
}

function synthAgent(props: Partial<PikoAgentProps> = {}): Manifest[] {
  const chart = Testing.chart();
  agent(chart, props);
  return Testing.synth(chart);
}

const agentYaml = (objects: Manifest[], name = 'piko-agent') => parseConfigYaml(findObject(objects, 'ConfigMap', name).data['agent.yaml'])!;
const agentContainerIn = (pod: Manifest) => pod.containers.find((c: Manifest) => c.name === 'piko-agent');
const agentContainerOf = (deployment: Manifest) => agentContainerIn(deployment.spec.template.spec);

describe('a listener that reaches its service over HTTPS', () => {
  test('dials https:// with the service\'s CA and the client certificate, each mounted read-only under fixed file names', () => {
    const objects = synthAgent();
    const config = agentYaml(objects);
    expect(config.listeners).toEqual([{
      endpoint_id: 'billing',
      addr: 'https://billing.apps.svc:8443',
      protocol: 'http',
      timeout: '10s',
      tls: {
        cert: '/etc/piko-agent/listeners/0/cert/tls.crt',
        key: '/etc/piko-agent/listeners/0/cert/tls.key',
        root_cas: '/etc/piko-agent/listeners/0/ca/ca.crt',
      },
    }]);
    expect(checkAgentConfigKeys(config, (path) => path)).toEqual([]);
    const deployment = findObject(objects, 'Deployment', 'piko-agent');
    expect(agentContainerOf(deployment).volumeMounts).toEqual([
      { name: 'piko-agent-config', mountPath: '/config', readOnly: true },
      { name: 'piko-agent-listener-0-ca', mountPath: '/etc/piko-agent/listeners/0/ca', readOnly: true },
      { name: 'piko-agent-listener-0-cert', mountPath: '/etc/piko-agent/listeners/0/cert', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(deployment.spec.template.spec.volumes).toEqual(expect.arrayContaining([
      { name: 'piko-agent-listener-0-ca', configMap: { name: 'billing-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { name: 'piko-agent-listener-0-cert', secret: { secretName: 'billing-client', items: [{ key: 'client.crt', path: 'tls.crt' }, { key: 'client.key', path: 'tls.key' }] } },
    ]));
  });

  test('with tls and nothing in it, dials https:// and verifies with the image\'s root CAs, mounting nothing', () => {
    const objects = synthAgent({ listeners: [{ endpointId: 'public', host: 'api.example.com', port: 443, timeout: Duration.seconds(5), tls: {} }] });
    expect(agentYaml(objects).listeners).toEqual([{ endpoint_id: 'public', addr: 'https://api.example.com:443', protocol: 'http', timeout: '5s' }]);
    expect(agentContainerOf(findObject(objects, 'Deployment', 'piko-agent')).volumeMounts.map((m: Manifest) => m.name)).toEqual(['piko-agent-config', 'tmp']);
  });

  test('each listener gets volumes of its own, numbered by its place in the list; a plain one gets none', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('plain', 'trust', 'certificate', 'both'), { minLength: 1, maxLength: 5 }), (kinds) => {
      const listeners = kinds.map((kind, i): PikoAgentListener => ({
        endpointId: `app-${i}`,
        host: 'app.apps.svc',
        port: 8000 + i,
        timeout: Duration.seconds(5),
        tls: kind === 'plain' ? undefined : {
          trust: kind === 'trust' || kind === 'both' ? PikoServerTrust.fromSecret(`ca-${i}`) : undefined,
          clientCertificate: kind === 'certificate' || kind === 'both' ? PikoClientCertificate.fromSecret(`cert-${i}`) : undefined,
        },
      }));
      const objects = synthAgent({ listeners });
      const expected = kinds.flatMap((kind, i) => [
        ...(kind === 'trust' || kind === 'both' ? [`piko-agent-listener-${i}-ca`] : []),
        ...(kind === 'certificate' || kind === 'both' ? [`piko-agent-listener-${i}-cert`] : []),
      ]);
      const pod = findObject(objects, 'Deployment', 'piko-agent').spec.template.spec;
      expect(pod.volumes.map((v: Manifest) => v.name)).toEqual(['piko-agent-config', ...expected, 'tmp']);
      const rendered = agentYaml(objects).listeners as Manifest[];
      rendered.forEach((listener, i) => {
        expect(listener.addr).toBe(`${kinds[i] === 'plain' ? '' : 'https://'}app.apps.svc:${8000 + i}`);
        // Every file the config names lies under the mount of a volume of the pod.
        const files = Object.values(listener.tls ?? {}) as string[];
        for (const file of files) {
          expect(agentContainerIn(pod).volumeMounts.some((m: Manifest) => file.startsWith(`${m.mountPath}/`))).toBe(true);
        }
      });
    }), { numRuns: 20 });
  });

  test('a sidecar on either kind of host gets the same mounts and volumes', () => {
    const onHost = (kind: 'workload' | 'kubeWorkload') => {
      const chart = Testing.chart();
      const host = kind === 'workload'
        ? PikoSidecarHost.workload(new kplus.Deployment(chart, 'app', { containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8443 }] }))
        : PikoSidecarHost.kubeWorkload(new kplus.k8s.KubeDeployment(chart, 'app', {
          metadata: { name: 'app' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
        }));
      new PikoAgentSidecar(chart, 'sidecar', {
        host,
        connectTo: URL_TARGET,
        clientCertificate: PikoClientCertificate.fromSecret('agent-tls'),
        listeners: [{ ...HTTPS_LISTENER, host: undefined }],
      });
      const objects = Testing.synth(chart);
      const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
      const byName = (items: Manifest[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
      return { mounts: byName(agentContainerIn(pod).volumeMounts), volumes: byName(pod.volumes), config: agentYaml(objects) };
    };
    const workload = onHost('workload');
    expect(workload).toEqual(onHost('kubeWorkload'));
    expect(workload.mounts.map((m: Manifest) => m.name)).toEqual(['piko-agent-client', 'piko-agent-config', 'piko-agent-listener-0-ca', 'piko-agent-listener-0-cert']);
    expect((workload.config.listeners as Manifest[])[0].addr).toBe('https://localhost:8443');
  });

  test('a sidecar\'s host must not hold a volume of a name the listeners\' files take', () => {
    const chart = Testing.chart();
    const app = new kplus.k8s.KubeDeployment(chart, 'app', {
      metadata: { name: 'app' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], volumes: [{ name: 'piko-agent-listener-0-cert', emptyDir: {} }] } } },
    });
    expect(thrownMessage(() => new PikoAgentSidecar(chart, 'sidecar', { host: PikoSidecarHost.kubeWorkload(app), connectTo: URL_TARGET, listeners: [{ ...HTTPS_LISTENER, host: undefined }] })))
      .toBe('Invalid PikoAgentSidecar props (1 problem):\n  [test/sidecar] PikoAgentSidecar host volumes must not share a name with the agent\'s volumes '
        + '("piko-agent-config", "piko-agent-listener-0-ca", "piko-agent-listener-0-cert"): a pod\'s volumes need names of their own '
        + '(found ["piko-agent-listener-0-cert"]). Fix: rename your volume');
  });
});

describe('the agent\'s client certificate for the server', () => {
  test('is mounted and named in connect.tls beside the server\'s CA', () => {
    const objects = synthAgent({ serverTrust: PikoServerTrust.fromSecret('piko-ca'), clientCertificate: PikoClientCertificate.fromSecret('agent-tls'), listeners: [{ ...HTTPS_LISTENER, tls: undefined }] });
    expect(agentYaml(objects).connect).toEqual({
      url: 'https://upstream.piko.example.com',
      tls: { cert: '/etc/piko-agent/client/tls.crt', key: '/etc/piko-agent/client/tls.key', root_cas: '/etc/piko-agent/ca/ca.crt' },
    });
    const deployment = findObject(objects, 'Deployment', 'piko-agent');
    expect(deployment.spec.template.spec.volumes).toContainEqual({
      name: 'piko-agent-client', secret: { secretName: 'agent-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] },
    });
    expect(agentContainerOf(deployment).volumeMounts).toContainEqual({ name: 'piko-agent-client', mountPath: '/etc/piko-agent/client', readOnly: true });
  });

  describe('against a cluster of the app', () => {
    const mutualTls = { upstream: { tls: PikoTls.fromSecret('piko-upstream-tls', { clientCaKey: 'ca.crt' }) } };
    const withCluster = (clusterProps: PikoClusterProps, props: Partial<PikoAgentProps>) => (chart: Construct) => {
      const cluster = new PikoCluster(chart, 'piko', clusterProps);
      agent(chart, { connectTo: PikoAgentTarget.cluster(cluster), serverTrust: PikoServerTrust.fromSecret('piko-ca'), listeners: [{ ...HTTPS_LISTENER, tls: undefined }], ...props });
    };

    test('passes where the upstream port asks for client certificates', () => {
      const chart = Testing.chart();
      withCluster(mutualTls, { clientCertificate: PikoClientCertificate.fromSecret('agent-tls') })(chart);
      expect(() => Testing.synth(chart)).not.toThrow();
    });

    test('is required there, and the fix names the prop', () => {
      expect(synthError(withCluster(mutualTls, {}))).toContain('[test/agent] PikoAgent ConfigMap "piko-agent" agent.yaml connect.tls.cert must be set: the cluster\'s upstream port '
        + 'requires client certificates (client_cas), and the agent presents none (found nothing). '
        + 'Fix: set clientCertificate, e.g. PikoClientCertificate.fromSecret("piko-agent-tls") with a certificate the cluster\'s client CA signed');
    });

    test('is refused where the upstream port asks for none', () => {
      const message = synthError(withCluster({ upstream: { tls: PikoTls.fromSecret('piko-upstream-tls') } }, { clientCertificate: PikoClientCertificate.fromSecret('agent-tls') }));
      expect(message).toContain('[test/agent] PikoAgent ConfigMap "piko-agent" agent.yaml connect.tls.cert only applies when the cluster\'s upstream port asks for client certificates '
        + '(client_cas): without them it requests none (found "/etc/piko-agent/client/tls.crt"). Fix: remove clientCertificate, or give the cluster\'s upstream TLS a clientCaKey');
    });
  });
});

describe('props that cannot work are refused, all at once', () => {
  test('tls on a TCP listener, names and keys Kubernetes refuses, and one key for both files', () => {
    const message = thrownMessage(() => agent(Testing.chart(), {
      clientCertificate: PikoClientCertificate.fromSecret('Agent_TLS', { certificateKey: 'pem', privateKeyKey: 'pem' }),
      listeners: [{
        endpointId: 'db',
        host: 'db.apps.svc',
        port: 5432,
        protocol: PikoAgentProtocol.TCP,
        timeout: Duration.seconds(5),
        tls: { trust: PikoServerTrust.fromSecret('db-ca', 'ca crt'), clientCertificate: PikoClientCertificate.fromSecret('db-client', { privateKeyKey: 'tls/key' }) },
      }],
    }));
    expect(message).toContain('Invalid PikoAgent props (5 problems):');
    expect(message).toContain('[test/agent] PikoAgent listeners[0].tls must be unset on a TCP listener: the agent forwards its connections as they are '
      + 'and uses TLS only for an HTTP listener\'s https:// service (found {"protocol":"tcp"}). '
      + 'Fix: leave tls out (the service then sees the client\'s own TLS, if any), or use PikoAgentProtocol.HTTP');
    expect(message).toContain('PikoAgent listeners[0].tls trust key must be a data key');
    expect(message).toContain('PikoAgent listeners[0].tls clientCertificate privateKeyKey must be a data key');
    expect(message).toContain('PikoAgent clientCertificate secretName must be a DNS-1123 subdomain');
    expect(message).toContain('PikoAgent clientCertificate privateKeyKey must differ from certificateKey: each is mounted as a file of its own (found "pem"). '
      + 'Fix: keep the certificate and the key under two keys of the Secret, e.g. tls.crt and tls.key');
  });

  test('clientCertificate and raw connect.tls keys of its own are refused together', () => {
    const message = thrownMessage(() => agent(Testing.chart(), {
      clientCertificate: PikoClientCertificate.fromSecret('agent-tls'),
      config: { connect: { tls: { cert: '/elsewhere/tls.crt' } } },
    }));
    expect(message).toBe('Invalid PikoAgent props (1 problem):\n  [test/agent] PikoAgent config.connect.tls.cert must not be set beside the clientCertificate prop, '
      + 'which renders the same agent.yaml key: the raw config is merged over the rendered file, so the prop would be dropped (found "/elsewhere/tls.crt"). '
      + 'Fix: set it once: keep the clientCertificate prop and remove connect.tls.cert from config, or remove the prop');
  });

  test('a wrong type in the tls struct is named, not a TypeError', () => {
    const message = thrownMessage(() => agent(Testing.chart(), { listeners: [{ ...HTTPS_LISTENER, tls: { trust: 'billing-ca' as unknown as PikoServerTrust } }] }));
    expect(message).toContain('PikoAgent listeners[0].tls.trust');
    expect(message).toContain('"billing-ca"');
  });

  test('whatever a JavaScript caller passes for the new settings, the error names the construct and the setting', () => {
    const wrong = fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }));
    const places: Array<[string, (value: unknown) => Partial<PikoAgentProps>]> = [
      ['listeners[0].tls', (value) => ({ listeners: [{ ...HTTPS_LISTENER, tls: value as never }] })],
      ['listeners[0].tls.trust', (value) => ({ listeners: [{ ...HTTPS_LISTENER, tls: { trust: value as never } }] })],
      ['listeners[0].tls.clientCertificate', (value) => ({ listeners: [{ ...HTTPS_LISTENER, tls: { clientCertificate: value as never } }] })],
      ['clientCertificate', (value) => ({ clientCertificate: value as never })],
    ];
    fc.assert(fc.property(fc.constantFrom(...places), wrong, ([setting, props], value) => {
      // An empty map is a tls struct with nothing set, which is valid.
      fc.pre(!(setting === 'listeners[0].tls' && typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0));
      const message = thrownMessage(() => agent(Testing.chart(), props(value)));
      expect(message).toContain(`PikoAgent ${setting}`);
    }), { numRuns: 200 });
  });
});

describe('a listener\'s tls from raw config, judged as the agent reads it', () => {
  const rawListener = (listener: object) => (chart: Construct) => {
    agent(chart, { config: { listeners: [{ endpoint_id: 'billing', addr: 'billing.apps.svc:8443', timeout: '10s', ...listener }] } });
  };
  const setting = '[test/agent] PikoAgent ConfigMap "piko-agent" agent.yaml listeners[0]';

  test('tls beside an addr the agent dials in plain HTTP is refused, as on a TCP listener', () => {
    expect(synthError(rawListener({ tls: { insecure_skip_verify: true } }))).toContain(`${setting}.tls is used only for an https:// addr: the agent dials any other addr `
      + 'in plain HTTP and ignores tls (found {"addr":"billing.apps.svc:8443"}). Fix: set the listener\'s tls prop, which makes the addr https://, or remove tls from the raw config');
    expect(synthError(rawListener({ protocol: 'tcp', tls: { insecure_skip_verify: true } }))).toContain(`${setting}.tls must be unset on a tcp listener: the agent forwards `
      + 'its connections as they are and ignores tls (found {"protocol":"tcp"}). Fix: remove the listener\'s tls');
  });

  test('files outside the mounts, and a certificate without its key, are refused', () => {
    const message = synthError(rawListener({ addr: 'https://billing.apps.svc:8443', tls: { cert: '/certs/tls.crt', root_cas: '/certs/ca.crt' } }));
    expect(message).toContain(`${setting}.tls.key must be set together with listeners[0].tls.cert: the agent refuses a client certificate without its key`);
    expect(message).toContain(`${setting}.tls.cert must lie in a mounted volume: the agent reads it at start and exits when it is missing (found "/certs/tls.crt"). `
      + 'Fix: set the client certificate through the listener\'s tls clientCertificate, which mounts it');
    expect(message).toContain(`${setting}.tls.root_cas must lie in a mounted volume: the agent reads it at start and exits when it is missing (found "/certs/ca.crt"). `
      + 'Fix: set the CA through the listener\'s tls trust, which mounts it');
  });

  test('an empty tls block and one on an https:// addr pass', () => {
    for (const listener of [{ tls: {} }, { addr: 'https://billing.apps.svc:8443', tls: { insecure_skip_verify: true } }, { addr: 'HTTPS://billing.apps.svc:8443', tls: { insecure_skip_verify: true } }]) {
      const chart = Testing.chart();
      rawListener(listener)(chart);
      expect(() => Testing.synth(chart)).not.toThrow();
    }
  });

  test('a patch that drops a listener\'s CA volume is caught', () => {
    const message = synthError((chart) => {
      const built = agent(chart);
      const deployment = chart.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'Deployment') as ApiObject;
      const mounts: Manifest[] = deployment.toJson().spec.template.spec.containers[0].volumeMounts;
      deployment.addJsonPatch(JsonPatch.remove(`/spec/template/spec/containers/0/volumeMounts/${mounts.findIndex((m) => m.name === 'piko-agent-listener-0-ca')}`));
      expect(built.connectUrl).toBe('https://upstream.piko.example.com');
    });
    expect(message).toContain(`${setting}.tls.root_cas must lie in a mounted volume`);
  });
});
