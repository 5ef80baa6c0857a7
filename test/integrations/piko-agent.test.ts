import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  NetworkPeer, PikoAgent, PikoAgentProps, PikoAgentProtocol, PikoAgentSidecar, PikoAgentSidecarProps, PikoAgentTarget, PikoAgentToken, PikoAuth,
  PikoCluster, PikoClusterProps, PikoServerTrust, PikoSidecarHost, PikoTls,
} from '../../lib';
import { parseConfigYaml } from '../../lib/common/config-document';
import { checkAgentConfigKeys } from '../../lib/piko/agent/config-schema';
import { captureWarnings, findObject, Manifest, synthError } from '../support/synth';

const LISTENER = { endpointId: 'my-app', port: 8080, host: 'my-app.apps.svc', timeout: Duration.seconds(30) };
const TOKEN = PikoAgentToken.fromSecret('agent-token', 'token');
const RESTRICTED_CONTAINER = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

function build(chart: Construct, clusterProps: PikoClusterProps = {}, agentProps: Partial<PikoAgentProps> = {}) {
  const cluster = new PikoCluster(chart, 'piko', clusterProps);
  return new PikoAgent(chart, 'agent', { connectTo: PikoAgentTarget.cluster(cluster), listeners: [LISTENER], ...agentProps });
}

function synth(clusterProps: PikoClusterProps = {}, agentProps: Partial<PikoAgentProps> = {}) {
  const chart = Testing.chart();
  build(chart, clusterProps, agentProps);
  return Testing.synth(chart);
}

function agentYaml(objects: Manifest[], name = 'piko-agent') {
  return parseConfigYaml(findObject(objects, 'ConfigMap', name).data['agent.yaml'])!;
}

function propsError(agentProps: object): string {
  try {
    build(Testing.chart(), {}, agentProps as Partial<PikoAgentProps>);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the constructor to throw');
}

describe('PikoAgent', () => {
  test('pulls its image with the given pull secrets', () => {
    const objects = synth({}, { token: undefined, imagePullSecrets: ['registry'] });
    expect(findObject(objects, 'Deployment', 'piko-agent').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
  });

  test('renders a hardened Deployment of agents and agent.yaml the agent schema accepts', () => {
    const objects = synth({}, { token: undefined });
    const config = agentYaml(objects);
    expect(config).toEqual({
      listeners: [{ endpoint_id: 'my-app', addr: 'my-app.apps.svc:8080', protocol: 'http', timeout: '30s' }],
      connect: { url: 'http://piko-upstream.piko.svc.cluster.local:8001' },
      log: { level: 'info' },
      grace_period: '1m',
    });
    expect(checkAgentConfigKeys(config, (path) => path)).toEqual([]);
    const deployment = findObject(objects, 'Deployment', 'piko-agent');
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({ automountServiceAccountToken: false, enableServiceLinks: false });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(pod.containers[0]).toMatchObject({
      name: 'piko-agent',
      image: 'ghcr.io/andydunstall/piko:v0.10.0',
      args: ['agent', 'start', '--config.path', '/config/agent.yaml', '--config.expand-env'],
      securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(findObject(objects, 'PodDisruptionBudget', 'piko-agent').spec.maxUnavailable).toBe(1);
  });

  test('the token comes from a Secret as ${VAR}, the CA is mounted, and every option renders', () => {
    const objects = synth({ upstream: { auth: PikoAuth.hmac('piko-auth', 'hmac'), tls: PikoTls.fromSecret('piko-upstream-tls') } }, {
      token: TOKEN,
      serverTrust: PikoServerTrust.fromConfigMap('piko-ca'),
      connectTimeout: Duration.seconds(10),
      streamWindowSize: Size.mebibytes(1),
      metricsPort: 5000,
      listeners: [{ endpointId: 'db', host: 'db.apps.svc', port: 5432, protocol: PikoAgentProtocol.TCP, timeout: Duration.seconds(5) }],
    });
    const config = agentYaml(objects);
    expect(config.connect).toEqual({
      url: 'https://piko-upstream.piko.svc.cluster.local:8001', token: '${PIKO_AGENT_TOKEN}', timeout: '10s', tls: { root_cas: '/etc/piko-agent/ca/ca.crt' },
    });
    expect(config.stream).toEqual({ max_window_size: 1_048_576 });
    expect(config.server).toEqual({ enabled: true, bind_addr: ':5000' });
    expect(findObject(objects, 'ConfigMap', 'piko-agent').data['agent.yaml']).not.toContain('agent-token');
    const pod = findObject(objects, 'Deployment', 'piko-agent').spec.template.spec;
    expect(pod.containers[0].env).toEqual([{ name: 'PIKO_AGENT_TOKEN', valueFrom: { secretKeyRef: { name: 'agent-token', key: 'token' } } }]);
    expect(pod.volumes).toContainEqual({ name: 'piko-agent-ca', configMap: { name: 'piko-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('is admitted to the cluster\'s NetworkPolicy on the upstream port', () => {
    const policy = findObject(synth({ networkPolicy: { upstreamFrom: [] } }, { namespace: 'apps' }), 'NetworkPolicy', 'piko');
    expect(policy.spec.ingress).toContainEqual({
      ports: [{ port: 8001, protocol: 'TCP' }],
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'piko-agent', 'app.kubernetes.io/instance': 'piko-agent' } } }],
    });
  });

  test('a URL elsewhere is taken as given', () => {
    const chart = Testing.chart();
    new PikoAgent(chart, 'agent', { connectTo: PikoAgentTarget.url('https://upstream.piko.example.com'), listeners: [LISTENER], token: TOKEN });
    expect(agentYaml(Testing.synth(chart)).connect).toMatchObject({ url: 'https://upstream.piko.example.com' });
  });
});

describe('PikoAgent props', () => {
  test('are checked for shape first: a JavaScript caller\'s wrong types are named problems', () => {
    expect(propsError({ listeners: [{ endpointId: 'a', port: '8080', timeout: 30 }] })).toContain('listeners[0].port must be a finite number');
  });

  test('listeners, endpoint IDs, ports, hosts, timeouts, token, trust, tenant and URL', () => {
    const message = propsError({
      listeners: [
        { endpointId: 'my app', port: 0, host: 'My_Host', timeout: Duration.millis(0.5) },
        { endpointId: 'b', port: 80, timeout: Duration.seconds(1) },
        { endpointId: 'b', port: 81, timeout: Duration.seconds(1) },
      ],
      token: PikoAgentToken.fromSecret('Agent Token', 'to ken'),
      serverTrust: PikoServerTrust.fromSecret('ca', 'ca crt'),
      tenantId: 'a b',
      streamWindowSize: Size.kibibytes(128),
      metricsPort: 70000,
    });
    for (const line of [
      'listeners[0].endpointId must be an endpoint ID of letters, digits, ".", "_", "~" and "-": the agent registers it as one path segment, /piko/v1/upstream/<id> (found "my app")',
      'listeners[0].port must be a whole number from 1 to 65535 (found 0)',
      'listeners[0].host must be a DNS-1123 subdomain',
      'listeners[0].timeout must be positive, in whole milliseconds (found "0.5ms")',
      'listeners[2].endpointId must differ from the other listeners\' endpoint IDs: one agent registering an endpoint twice only splits its own traffic (found "b")',
      'token secretName must be a DNS-1123 subdomain',
      'token key must be a data key',
      'serverTrust key must be a data key',
      'tenantId must be a tenant ID without whitespace or "$" (found "a b")',
      'streamWindowSize must be a whole number of bytes from 256 KiB to 4 GiB less one byte: the agent refuses a window under 256 KiB at start, and reads the size as a 32-bit number (found "131072 bytes"). '
        + 'Fix: use a Size such as Size.mebibytes(1), or leave it unset for the default of 256 KiB',
      'metricsPort must be a whole number from 1 to 65535',
    ]) {
      expect(message).toContain(`[test/agent] PikoAgent ${line}`);
    }
    expect(propsError({ listeners: [] })).toContain('PikoAgent listeners must name at least one endpoint: the agent exits at start without a listener (found []).');
    expect(propsError({ gracePeriod: Duration.seconds(60), terminationGracePeriod: Duration.seconds(60) })).toContain('PikoAgent terminationGracePeriod must be at least 1m1s');
    expect(() => new PikoAgent(Testing.chart(), 'agent', { connectTo: PikoAgentTarget.url('piko:8001'), listeners: [LISTENER] })).toThrow(
      'PikoAgent connectTo url must be an http:// or https:// URL of the server\'s upstream port, without query, fragment or credentials, and with a "$" only '
      + 'in a ${VAR} or ${VAR:default} reference the agent expands (found "piko:8001"). '
      + 'Fix: use e.g. "https://upstream.piko.example.com", or "${PIKO_URL}" with PIKO_URL set through the env prop');
  });

  test.each([
    '${PIKO_URL}', '${PIKO_URL:https://upstream.piko.example.com}', 'https://${PIKO_HOST}:8001', 'http://${PIKO_HOST:upstream}:${PIKO_PORT:8001}/piko',
  ])('a URL from the agent\'s environment: %s', (url) => {
    const env = { PIKO_URL: kplus.EnvValue.fromValue('https://upstream.piko.example.com'), PIKO_HOST: kplus.EnvValue.fromValue('upstream.piko.example.com') };
    const chart = Testing.chart();
    new PikoAgent(chart, 'agent', { connectTo: PikoAgentTarget.url(url), listeners: [LISTENER], env });
    expect(agentYaml(Testing.synth(chart)).connect).toEqual({ url });
  });

  const serverUrl = fc.record({
    scheme: fc.constantFrom('http', 'https'),
    host: fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    path: fc.option(fc.stringMatching(/^\/[a-z0-9/-]{0,12}$/), { nil: undefined }),
  }).map(({ scheme, host, port, path }) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path ?? ''}`);
  const variable = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/);
  const accepted = (url: string) => {
    try {
      new PikoAgent(Testing.chart(), 'agent', { connectTo: PikoAgentTarget.url(url), listeners: [LISTENER] });
      return true;
    } catch (error) {
      expect((error as Error).message).toContain('PikoAgent connectTo url must be an http:// or https:// URL of the server\'s upstream port');
      return false;
    }
  };

  test('property: a URL, one reference with a URL default, or a URL with a reference for its host is accepted', () => {
    fc.assert(fc.property(serverUrl, variable, (url, name) => {
      expect(accepted(url)).toBe(true);
      expect(accepted(`\${${name}:${url}}`)).toBe(true);
      expect(accepted(url.replace(/\/\/[^:/]+/, `//\${${name}}`))).toBe(true);
    }));
  });

  test('property: a "$" that starts no ${VAR} reference is refused wherever it stands', () => {
    fc.assert(fc.property(serverUrl, fc.nat(), fc.constantFrom('', 'x', '/', '.', '1', '$', 'PIKO'), (url, at, after) => {
      const index = at % (url.length + 1);
      expect(accepted(`${url.slice(0, index)}$${after}${url.slice(index)}`)).toBe(false);
    }));
  });

  test.each([
    ['a default that is no URL', '${PIKO_URL:piko}'],
    ['an unbraced reference', '$PIKO_URL'],
    ['a reference with more after it', '${PIKO_URL}/piko'],
    ['a stray "$"', 'https://upstream.piko.example.com/$'],
    ['an unclosed reference', 'https://${PIKO_HOST/piko'],
  ])('a URL with %s is refused', (_why, url) => {
    expect(() => new PikoAgent(Testing.chart(), 'agent', { connectTo: PikoAgentTarget.url(url), listeners: [LISTENER] }))
      .toThrow(`PikoAgent connectTo url must be an http:// or https:// URL of the server's upstream port, without query, fragment or credentials, and with a "$" only in a \${VAR} or \${VAR:default} reference the agent expands (found ${JSON.stringify(url)})`);
  });
});

describe('PikoAgent at synth, against the cluster', () => {
  type Change = ((agent: PikoAgent) => void) | undefined;
  const expectError = (clusterProps: PikoClusterProps, agentProps: Partial<PikoAgentProps>, change: Change, ...lines: string[]) => {
    const message = synthError((chart) => {
      const agent = build(chart, clusterProps, agentProps);
      change?.(agent);
    });
    for (const line of lines) {
      expect(message).toContain(`[test/agent] PikoAgent ConfigMap "piko-agent" agent.yaml ${line}`);
    }
  };

  test('the URL must be the upstream Service, with the scheme its TLS implies', () => {
    // Only a JSON patch of the ConfigMap can change the URL that connectTo rendered.
    const patchUrl = (url: string): Change => (agent) => {
      const configMap = ApiObject.of(agent.configMap);
      const text = String(configMap.toJson().data['agent.yaml']);
      configMap.addJsonPatch(JsonPatch.replace('/data/agent.yaml', text.replace(/url: .*/, `url: ${url}`)));
    };
    expectError({}, {}, patchUrl('https://piko-proxy.piko.svc:8000'),
      'connect.url must name the cluster\'s upstream Service "piko-upstream.piko.svc.cluster.local" on one of its ports (8001), without a path (found "https://piko-proxy.piko.svc:8000"). '
      + 'Fix: use connectTo: PikoAgentTarget.cluster(cluster), which names the upstream Service',
      'connect.url must use http: the cluster\'s upstream port serves plain HTTP');
  });

  describe('a plain URL that names a Service of a cluster of the app is held to that cluster', () => {
    /** The agent with a plain URL, then the cluster: the cluster is looked for at synth. */
    const withUrl = (url: string, clusterProps: PikoClusterProps = {}, agentProps: Partial<PikoAgentProps> = {}) => () => {
      const chart = Testing.chart();
      new PikoAgent(chart, 'agent', { connectTo: PikoAgentTarget.url(url), listeners: [LISTENER], ...agentProps });
      new PikoCluster(chart, 'piko', clusterProps);
      Testing.synth(chart);
    };
    const auth = { upstream: { auth: PikoAuth.hmac('piko-auth', 'hmac') } };

    test('the proxy Service is refused; the upstream one passes, and is checked for the token it needs', () => {
      expect(withUrl('http://piko-proxy.piko.svc:8000')).toThrow(
        '[test/agent] PikoAgent ConfigMap "piko-agent" agent.yaml connect.url must name the cluster\'s upstream Service "piko-upstream.piko.svc.cluster.local" on one of its ports (8001), '
        + 'without a path (found "http://piko-proxy.piko.svc:8000"). Fix: use connectTo: PikoAgentTarget.cluster(cluster), which names the upstream Service');
      expect(withUrl('http://piko-upstream.piko.svc:8001')).not.toThrow();
      expect(withUrl('http://piko-upstream:8001', {}, { namespace: 'piko' })).not.toThrow();
      expect(withUrl('http://piko-upstream.piko.svc:8001', auth)).toThrow(
        '[test/agent] PikoAgent ConfigMap "piko-agent" agent.yaml connect.token must be set: the cluster\'s upstream port verifies a JWT (upstream auth or tenants), and refuses the agent with 401 without one (found nothing)');
      expect(withUrl('http://piko-upstream.piko.svc:8001', auth, { token: TOKEN })).not.toThrow();
    });

    test('a host outside the app, a Service of another namespace, or a reference is not the cluster', () => {
      expect(withUrl('http://piko-upstream.example.com:8001', auth)).not.toThrow();
      expect(withUrl('http://piko-upstream.other.svc:8001', auth)).not.toThrow();
      expect(withUrl('http://piko-upstream:8001', auth)).not.toThrow();
      expect(withUrl('http://${PIKO_HOST:piko-proxy.piko.svc}:8000', auth)).not.toThrow();
    });

    test('a sidecar\'s plain URL too', () => {
      const chart = Testing.chart();
      const web = new kplus.Deployment(chart, 'web', { containers: [{ name: 'web', image: 'nginx:1.27' }] });
      new PikoCluster(chart, 'piko', {});
      new PikoAgentSidecar(chart, 'sidecar', {
        host: PikoSidecarHost.workload(web),
        connectTo: PikoAgentTarget.url('http://piko.piko.svc:8002'),
        listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }],
      });
      expect(() => Testing.synth(chart)).toThrow('[test/sidecar] PikoAgentSidecar ConfigMap "piko-agent" agent.yaml connect.url must name the cluster\'s upstream Service');
    });
  });

  test('a token exactly when upstream auth is on, and never the verification key itself', () => {
    expectError({ upstream: { auth: PikoAuth.hmac('piko-auth', 'hmac') } }, {}, undefined,
      'connect.token must be set: the cluster\'s upstream port verifies a JWT (upstream auth or tenants), and refuses the agent with 401 without one (found nothing)');
    expectError({}, { token: TOKEN }, undefined, 'connect.token must not be set: the cluster\'s upstream port verifies no token');
    expectError({ upstream: { auth: PikoAuth.hmac('piko-auth', 'hmac') } }, { namespace: 'piko', token: PikoAgentToken.fromSecret('piko-auth', 'hmac') }, undefined,
      'connect.token must be a JWT the cluster verifies, not its verification key: it reads the Secret key the server reads into PIKO_UPSTREAM_HMAC_SECRET_KEY');
  });

  test('a CA exactly when upstream TLS is on, and a client certificate where it asks for one', () => {
    const tls = PikoTls.fromSecret('piko-upstream-tls');
    expectError({ upstream: { tls } }, {}, undefined, 'connect.tls.root_cas must be set: the cluster\'s upstream port serves TLS');
    expectError({}, { serverTrust: PikoServerTrust.fromSecret('piko-ca') }, undefined, 'connect.tls.root_cas only applies when the cluster\'s upstream port serves TLS');
    expectError({ upstream: { tls: PikoTls.fromSecret('piko-upstream-tls', { clientCaKey: 'ca.crt' }) } }, { serverTrust: PikoServerTrust.fromSecret('piko-ca') }, undefined,
      'connect.tls.cert must be set: the cluster\'s upstream port requires client certificates (client_cas), and the agent presents none');
  });

  test('the tenant must be one of the cluster\'s', () => {
    const tenants = { upstream: { tenants: [{ id: 'acme', auth: { jwks: { endpoint: 'https://acme.example.com/jwks' } } }] } };
    expectError({ config: tenants }, { token: TOKEN }, undefined,
      'connect.tenant_id must name one of the cluster\'s upstream tenants (acme): with tenants configured, Piko refuses the default tenant and unknown ones (found nothing)');
    expect(() => synth({ config: tenants }, { token: TOKEN, tenantId: 'acme' })).not.toThrow();
    expectError({}, { tenantId: 'acme' }, undefined, 'connect.tenant_id must not be set: the cluster has no upstream tenants');
  });

  test('the NetworkPolicy must keep admitting the agents', () => {
    const message = synthError((chart) => {
      build(chart, { networkPolicy: { upstreamFrom: [NetworkPeer.namespaceNamed('edge')] } });
      const cluster = chart.node.findChild('piko') as PikoCluster;
      cluster.networkPolicy!.addJsonPatch(JsonPatch.remove('/spec/ingress/4'));
    });
    expect(message).toContain('PikoAgent NetworkPolicy "piko" spec.ingress must admit the agent\'s pods (PikoAgent) to TCP port 8001');
    expect(message).toContain('Fix: remove the patch that drops or narrows the rule the integration added');
  });

  test('a plain URL to a cluster with a NetworkPolicy: the agent is not admitted, and the fix says how to be', () => {
    const message = synthError((chart) => {
      new PikoCluster(chart, 'piko', { networkPolicy: { upstreamFrom: [NetworkPeer.namespaceNamed('edge')] } });
      new PikoAgent(chart, 'agent', { connectTo: PikoAgentTarget.url('http://piko-upstream.piko.svc:8001'), listeners: [LISTENER] });
    });
    expect(message).toContain('[test/agent] PikoAgent NetworkPolicy "piko" spec.ingress must admit the agent\'s pods (PikoAgent) to TCP port 8001 (found {"namespaceSelector":');
    expect(message).toContain('Fix: use connectTo: PikoAgentTarget.cluster(cluster), which admits the agent\'s pods, or admit them through the cluster\'s networkPolicy upstreamFrom');
  });
});

describe('PikoAgent at synth, on its own objects', () => {
  const expectError = (agentProps: Partial<PikoAgentProps>, change: ((agent: PikoAgent) => void) | undefined, ...lines: string[]) => {
    const message = synthError((chart) => {
      const agent = build(chart, {}, agentProps);
      change?.(agent);
    });
    for (const line of lines) {
      expect(message).toContain(`[test/agent] PikoAgent ${line}`);
    }
  };

  describe('a listener must leave the agent\'s pod, which runs the agent alone', () => {
    const refusal = (addr: string) => 'ConfigMap "piko-agent" agent.yaml listeners[0].addr must reach a host outside the agent\'s pod: the pod runs the agent alone, '
      + `so a listener on localhost forwards every request to nothing (found ${JSON.stringify(addr)}). `
      + 'Fix: set the listener\'s host to the Service it forwards to (e.g. "my-app.apps.svc"), or run the agent beside the service with PikoAgentSidecar';
    const rawListener = (addr: string) => ({ config: { listeners: [{ endpoint_id: 'web', addr, timeout: '30s' }] } });

    test('the host left at its default, localhost, is refused', () => {
      expectError({ listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }] }, undefined, refusal('localhost:8080'));
      expectError(rawListener('${WEB_ADDR:localhost:8080}'), undefined, refusal('localhost:8080'));
    });

    test.each(['8080', ':8080', '127.0.0.1:8080', '127.8.0.1:8080', '0.0.0.0:8080', '[::1]:8080', '[::]:8080', 'http://localhost:8080', 'https://[::1]:8443/api', 'LOCALHOST:80'])(
      'raw addr %s dials the pod itself, as the agent reads it', (addr) => {
        expectError(rawListener(addr), undefined, refusal(addr));
      });

    test.each(['web.apps.svc:8080', '10.0.0.5:8080', 'http://web.apps.svc:8080', 'https://web.example.com', '[fd00::5]:8080', 'localhost-proxy:8080', '${WEB_ADDR:web.apps.svc:8080}'])(
      'raw addr %s is accepted', (addr) => {
        expect(() => synth({}, rawListener(addr))).not.toThrow();
      });

    test('a host name generated at random is accepted; the loopback names are refused', () => {
      const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
      fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.')), fc.integer({ min: 1, max: 65535 }), (host, port) => {
        fc.pre(host !== 'localhost');
        expect(() => synth({}, { listeners: [{ endpointId: 'web', host, port, timeout: Duration.seconds(30) }] })).not.toThrow();
      }), { numRuns: 20 });
    });

    test('localhost is accepted when the pod holds another container, from extraContainers or a JSON patch', () => {
      const listeners = [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }];
      const web = { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] };
      expect(() => synth({}, { listeners, extraContainers: [web] })).not.toThrow();
      expect(() => Testing.synth((() => {
        const chart = Testing.chart();
        build(chart, {}, { listeners }).deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/-', web));
        return chart;
      })())).not.toThrow();
    });
  });

  describe('a listener that names a Service of the app uses one of its ports', () => {
    /** An app with a Service "billing" in namespace "apps" serving port 80 (and any extra Service), and an agent in "piko". */
    function appWithBilling(listener: { host: string; port: number }, service: Partial<kplus.k8s.ServiceSpec> = {}, extra?: (chart: Chart) => void) {
      const app = Testing.app();
      const apps = new Chart(app, 'apps', { namespace: 'apps' });
      new kplus.k8s.KubeService(apps, 'billing', { metadata: { name: 'billing' }, spec: { selector: { app: 'billing' }, ports: [{ port: 80, targetPort: kplus.k8s.IntOrString.fromNumber(8080) }], ...service } });
      extra?.(apps);
      const agents = new Chart(app, 'agents', { namespace: 'piko' });
      new PikoAgent(agents, 'agent', { connectTo: PikoAgentTarget.url('http://piko.example.com:8001'), listeners: [{ endpointId: 'billing', timeout: Duration.seconds(30), ...listener }] });
      return app;
    }
    const synthOf = (app: App) => () => app.synth();
    const refusal = (addr: string, ports = '80') => `[agents/agent] PikoAgent ConfigMap "piko-agent" agent.yaml listeners[0].addr must use a port of Service "billing" in namespace "apps" (${ports}): `
      + `the agent forwards to it, and the Service serves no other (found ${JSON.stringify(addr)}). Fix: set the listener's port to one the Service lists, or add the port to the Service`;

    test.each(['billing.apps', 'billing.apps.svc', 'billing.apps.svc.cluster.local'])('%s names the Service: its port passes, another is refused', (host) => {
      expect(synthOf(appWithBilling({ host, port: 80 }))).not.toThrow();
      expect(synthOf(appWithBilling({ host, port: 8080 }))).toThrow(refusal(`${host}:8080`));
    });

    test('a raw addr: a URL without a port dials its scheme\'s default port, and a name is read as DNS reads it', () => {
      const withAddr = (addr: string) => {
        const app = Testing.app();
        new kplus.k8s.KubeService(new Chart(app, 'apps', { namespace: 'apps' }), 'billing', { metadata: { name: 'billing' }, spec: { ports: [{ port: 80 }] } });
        new PikoAgent(new Chart(app, 'agents', { namespace: 'piko' }), 'agent', {
          connectTo: PikoAgentTarget.url('http://piko.example.com:8001'),
          listeners: [{ endpointId: 'billing', host: 'billing.apps.svc', port: 80, timeout: Duration.seconds(30) }],
          config: { listeners: [{ endpoint_id: 'billing', addr, timeout: '30s' }] },
        });
        return app;
      };
      expect(synthOf(withAddr('http://billing.apps.svc'))).not.toThrow();
      expect(synthOf(withAddr('https://billing.apps.svc/api'))).toThrow(refusal('https://billing.apps.svc/api'));
      expect(synthOf(withAddr('Billing.Apps.svc.cluster.local.:8080'))).toThrow(refusal('Billing.Apps.svc.cluster.local.:8080'));
    });

    test('a bare name is the Service in the agent\'s own namespace, and a Service of another namespace is not it', () => {
      expect(synthOf(appWithBilling({ host: 'billing', port: 8080 }))).not.toThrow();
      const app = appWithBilling({ host: 'billing', port: 8080 });
      new kplus.k8s.KubeService(new Chart(app, 'piko-services', { namespace: 'piko' }), 'billing', { metadata: { name: 'billing' }, spec: { ports: [{ port: 80 }, { port: 81 }] } });
      expect(synthOf(app)).toThrow('PikoAgent ConfigMap "piko-agent" agent.yaml listeners[0].addr must use a port of Service "billing" in namespace "piko" (80, 81)');
    });

    test('a headless or ExternalName Service is not held to its ports, and a cdk8s-plus Service is read like an L1 one', () => {
      expect(synthOf(appWithBilling({ host: 'billing.apps.svc', port: 8080 }, { clusterIp: 'None' }))).not.toThrow();
      expect(synthOf(appWithBilling({ host: 'billing.apps.svc', port: 8080 }, { type: 'ExternalName', externalName: 'billing.example.com' }))).not.toThrow();
      const app = Testing.app();
      const apps = new Chart(app, 'apps', { namespace: 'apps' });
      new kplus.Deployment(apps, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] }).exposeViaService({ name: 'billing', ports: [{ port: 80, targetPort: 8080 }] });
      new PikoAgent(new Chart(app, 'agents', { namespace: 'piko' }), 'agent', {
        connectTo: PikoAgentTarget.url('http://piko.example.com:8001'), listeners: [{ endpointId: 'billing', host: 'billing.apps.svc', port: 8080, timeout: Duration.seconds(30) }],
      });
      expect(synthOf(app)).toThrow(refusal('billing.apps.svc:8080'));
    });

    test('a Service that cannot render is left to cdk8s-plus, whose error names it', () => {
      const app = appWithBilling({ host: 'billing.apps.svc', port: 80 }, {}, (chart) => new kplus.Service(chart, 'portless', { metadata: { name: 'portless' } }));
      expect(synthOf(app)).toThrow('Failed serializing construct at path \'apps/portless/Resource\' with name \'portless\': Error: A service must be configured with a port');
    });

    test('a Service added after a first synth is read by the next one', () => {
      const app = Testing.app();
      const agents = new Chart(app, 'agents', { namespace: 'piko' });
      new PikoAgent(agents, 'agent', {
        connectTo: PikoAgentTarget.url('http://piko.example.com:8001'), listeners: [{ endpointId: 'billing', host: 'billing.apps.svc', port: 8080, timeout: Duration.seconds(30) }],
      });
      expect(synthOf(app)).not.toThrow();
      new kplus.k8s.KubeService(new Chart(app, 'apps', { namespace: 'apps' }), 'billing', { metadata: { name: 'billing' }, spec: { ports: [{ port: 80 }] } });
      expect(synthOf(app)).toThrow(refusal('billing.apps.svc:8080'));
    });

    test('a sidecar\'s listener is held to the Service it names too', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'apps', { namespace: 'apps' });
      new kplus.k8s.KubeService(chart, 'billing', { metadata: { name: 'billing' }, spec: { ports: [{ port: 80 }] } });
      const web = new kplus.Deployment(chart, 'web', { containers: [{ name: 'web', image: 'nginx:1.27' }] });
      new PikoAgentSidecar(chart, 'agent', {
        ...{ connectTo: PikoAgentTarget.url('http://piko.example.com:8001') },
        host: PikoSidecarHost.workload(web),
        listeners: [{ endpointId: 'billing', host: 'billing', port: 8080, timeout: Duration.seconds(30) }],
      });
      expect(synthOf(app)).toThrow('[apps/agent] PikoAgentSidecar ConfigMap "piko-agent" agent.yaml listeners[0].addr must use a port of Service "billing" in namespace "apps" (80)');
    });
  });

  test('a client certificate from raw config: with its key, and mounted', () => {
    expectError({ config: { connect: { tls: { cert: '/certs/tls.crt' } } } }, undefined,
      'ConfigMap "piko-agent" agent.yaml connect.tls.key must be set together with connect.tls.cert: the agent refuses a client certificate without its key (found nothing). Fix: set both, or neither',
      'ConfigMap "piko-agent" agent.yaml connect.tls.cert must lie in a mounted volume: the agent reads it at start and exits when it is missing (found "/certs/tls.crt"). '
      + 'Fix: set the client certificate through the clientCertificate prop, which mounts it');
    expectError({ config: { connect: { tls: { key: '/certs/tls.key' } } } }, undefined,
      'ConfigMap "piko-agent" agent.yaml connect.tls.cert must be set together with connect.tls.key: without a certificate the agent ignores the key and presents none (found nothing)');
    expect(() => synth({}, { config: { connect: { tls: { insecure_skip_verify: true } } } })).not.toThrow();
  });

  test('agent.yaml keys the agent does not know', () => {
    expectError({ config: { connect: { retries: 3 }, listeners: [{ endpoint_id: 'a', addr: ':80', timeout: 30 }] } }, undefined,
      'ConfigMap "piko-agent" agent.yaml connect.retries is not a key the Piko v0.10.0 agent knows (connect: url, token, tenant_id, timeout, tls, proxy_url); Piko refuses unknown keys at start (found "retries")',
      'ConfigMap "piko-agent" agent.yaml listeners[0].timeout must be a Go duration string (found 30)');
  });

  test('the agent\'s stream window, held to the server\'s rule', () => {
    expectError({ config: { stream: { max_window_size: 262_143 } } }, undefined,
      'ConfigMap "piko-agent" agent.yaml stream.max_window_size must be at least 262144 bytes (256 KiB): Piko refuses a smaller stream window at start (found 262143)');
    expectError({ config: { stream: { max_window_size: -1 } } }, undefined,
      'ConfigMap "piko-agent" agent.yaml stream.max_window_size must be a whole number from 0 to 4294967295 (found -1)');
    expect(synthError((chart) => build(chart, {}, { config: { stream: { max_window_size: -1 } } }))).not.toContain('must be at least 262144');
  });

  test('listeners from raw config: none, a bad or repeated endpoint ID, no addr, a bad protocol, no timeout', () => {
    expectError({ config: { listeners: [] } }, undefined, 'ConfigMap "piko-agent" agent.yaml listeners must list at least one listener: the agent exits at start without one (found [])');
    expectError({ config: { listeners: [{ endpoint_id: 'a/b', protocol: 'udp' }, { endpoint_id: 'c', addr: ':1', timeout: '1s' }, { endpoint_id: 'c', addr: ':1', timeout: '0s' }] } }, undefined,
      'ConfigMap "piko-agent" agent.yaml listeners[0].endpoint_id must be an endpoint ID',
      'ConfigMap "piko-agent" agent.yaml listeners[0].addr must be set: the agent forwards to it (found nothing)',
      'ConfigMap "piko-agent" agent.yaml listeners[0].protocol must be http or tcp (found "udp")',
      'ConfigMap "piko-agent" agent.yaml listeners[0].timeout must be a positive duration: the agent has no default and refuses to start without one (found nothing)',
      'ConfigMap "piko-agent" agent.yaml listeners[2].endpoint_id must differ from the other listeners\' endpoint IDs',
      'ConfigMap "piko-agent" agent.yaml listeners[2].timeout must be a positive duration');
  });

  test('a URL from an env var: known only at start when the pod fills it in, refused when nothing sets it', () => {
    const fromSecret = { PIKO_URL: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(Testing.chart(), 's', 'piko-url'), key: 'url' }) };
    expect(() => synth({}, { connectTo: PikoAgentTarget.url('${PIKO_URL}'), env: fromSecret })).not.toThrow();
    expectError({ connectTo: PikoAgentTarget.url('${PIKO_URL}') }, undefined,
      'ConfigMap "piko-agent" agent.yaml connect.url must be the URL of the server\'s upstream port (http:// or https://) (found ""). '
      + 'Fix: give connectTo a URL, or set the env var it references to one',
      'ConfigMap "piko-agent" agent.yaml connect.url must not contain a "$" other than a reference to an env var of the container or a ${VAR:default}');
  });

  test('listeners and the connect URL are judged as the agent expands them', () => {
    const listener = (timeout: string) => ({ listeners: [{ endpoint_id: 'a', addr: 'web.apps.svc:80', timeout }] });
    expect(() => synth({}, { config: listener('${LISTEN_TIMEOUT:30s}') })).not.toThrow();
    const fromEnv = { connectTo: PikoAgentTarget.url('${PIKO_URL}'), env: { PIKO_URL: kplus.EnvValue.fromValue('piko') } };
    expectError({ ...fromEnv, config: listener('${LISTEN_TIMEOUT:0s}') }, undefined,
      'ConfigMap "piko-agent" agent.yaml listeners[0].timeout must be a positive duration: the agent has no default and refuses to start without one (found "0s")',
      'ConfigMap "piko-agent" agent.yaml connect.url must be the URL of the server\'s upstream port (http:// or https://) (found "piko")');
  });

  test('a literal token, a CA outside the mounts, a stray "$", args and a removed container', () => {
    expectError({ config: { connect: { token: 'eyJhbGciOi', tls: { root_cas: '/ca.crt' } }, log: { level: '$LEVEL' } } }, undefined,
      'ConfigMap "piko-agent" agent.yaml connect.token must be a ${VAR} reference to an env var from a Secret: a literal secret in the ConfigMap is readable by anyone who can read the namespace (found "<a literal secret>"). Fix: use the token prop, PikoAgentToken.fromSecret(secretName, key)',
      'ConfigMap "piko-agent" agent.yaml connect.tls.root_cas must lie in a mounted volume: the agent reads it at start and exits when it is missing (found "/ca.crt")',
      'ConfigMap "piko-agent" agent.yaml log.level must not contain a "$" other than a reference to an env var of the container or a ${VAR:default}');
    expectError({}, (agent) => ApiObject.of(agent).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/args', ['agent', 'http', 'x', '80'])),
      'Deployment "piko-agent" container "piko-agent" args must run "agent start --config.path /config/agent.yaml --config.expand-env": the mounted file, with the token reference expanded');
    expectError({}, (agent) => ApiObject.of(agent).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/name', 'agent')),
      'Deployment "piko-agent" containers must include the container "piko-agent" (found ["agent"])');
  });
});

describe('PikoAgentSidecar', () => {
  const sidecarProps = { connectTo: PikoAgentTarget.url('http://piko-upstream.piko.svc:8001'), listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(10) }] };

  /** A sidecar on a cdk8s-plus Deployment or on an L1 one; returns the synthesized objects. */
  function sidecarOn(hostKind: 'workload' | 'kubeWorkload', props: Partial<PikoAgentSidecarProps> = {}): Manifest[] {
    const chart = Testing.chart();
    const host = hostKind === 'workload'
      ? PikoSidecarHost.workload(new kplus.Deployment(chart, 'app', { containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8080 }] }))
      : PikoSidecarHost.kubeWorkload(new kplus.k8s.KubeDeployment(chart, 'app', {
        metadata: { name: 'app' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
      }));
    new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, host, ...props });
    return Testing.synth(chart);
  }
  const containersOf = (objects: Manifest[]): Manifest[] => objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers;

  test.each(['workload', 'kubeWorkload'] as const)('env reaches the agent\'s container alone, after the token\'s variable (%s host)', (hostKind) => {
    const containers = containersOf(sidecarOn(hostKind, {
      token: TOKEN,
      env: { ZONE: kplus.EnvValue.fromValue('eu-1'), PIKO_URL: kplus.EnvValue.fromValue('https://upstream.piko.example.com') },
    }));
    expect(containers.map((c) => c.name)).toEqual(['web', 'piko-agent']);
    expect(containers[0].env).toBeUndefined();
    expect(containers[1].env).toEqual([
      { name: 'PIKO_AGENT_TOKEN', valueFrom: { secretKeyRef: { name: 'agent-token', key: 'token' } } },
      { name: 'PIKO_URL', value: 'https://upstream.piko.example.com' },
      { name: 'ZONE', value: 'eu-1' },
    ]);
  });

  test('both hosts give the agent the same env, whatever names and order the map has', () => {
    const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,11}$/).filter((n) => n !== 'PIKO_AGENT_TOKEN');
    const entriesOf = fc.uniqueArray(fc.tuple(name, fc.string({ maxLength: 8 })), { maxLength: 5, selector: ([n]) => n });
    fc.assert(fc.property(entriesOf, fc.boolean(), (entries, withToken) => {
      const env = () => Object.fromEntries(entries.map(([n, v]) => [n, kplus.EnvValue.fromValue(v)]));
      const props = { env: env(), token: withToken ? TOKEN : undefined };
      const onWorkload = containersOf(sidecarOn('workload', props))[1].env ?? [];
      const onKubeObject = containersOf(sidecarOn('kubeWorkload', { ...props, env: env() }))[1].env ?? [];
      expect(onWorkload).toEqual(onKubeObject);
      expect(onWorkload.map((e: Manifest) => e.name)).toEqual([...(withToken ? ['PIKO_AGENT_TOKEN'] : []), ...entries.map(([n]) => n).sort()]);
    }), { numRuns: 25 });
  });

  test.each(['workload', 'kubeWorkload'] as const)('a URL from the env prop is judged as the agent expands it (%s host)', (hostKind) => {
    const fromEnv = (value: kplus.EnvValue) => ({ connectTo: PikoAgentTarget.url('${PIKO_URL}'), env: { PIKO_URL: value } });
    expect(agentYaml(sidecarOn(hostKind, fromEnv(kplus.EnvValue.fromValue('https://upstream.piko.example.com'))))).toMatchObject({ connect: { url: '${PIKO_URL}' } });
    const fromSecret = kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(Testing.chart(), 's', 'piko-url'), key: 'url' });
    expect(() => sidecarOn(hostKind, fromEnv(fromSecret))).not.toThrow();
    expect(() => sidecarOn(hostKind, fromEnv(kplus.EnvValue.fromValue('piko:8001')))).toThrow(
      'PikoAgentSidecar ConfigMap "piko-agent" agent.yaml connect.url must be the URL of the server\'s upstream port (http:// or https://) (found "piko:8001")');
    expect(() => sidecarOn(hostKind, { connectTo: PikoAgentTarget.url('https://${PIKO_HOST}:8001') })).toThrow(
      'PikoAgentSidecar ConfigMap "piko-agent" agent.yaml connect.url must not contain a "$" other than a reference to an env var of the container or a ${VAR:default}');
    expect(agentYaml(sidecarOn(hostKind, { connectTo: PikoAgentTarget.url('${PIKO_URL:https://upstream.piko.example.com}') })))
      .toMatchObject({ connect: { url: '${PIKO_URL:https://upstream.piko.example.com}' } });
  });

  test('refuses an env var the construct renders and a name Kubernetes refuses, both at once', () => {
    let message = '';
    try {
      sidecarOn('workload', { env: { 'PIKO_AGENT_TOKEN': kplus.EnvValue.fromValue('x'), '1ZONE': kplus.EnvValue.fromValue('eu') } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Invalid PikoAgentSidecar props (2 problems):');
    expect(message).toContain('PikoAgentSidecar env "PIKO_AGENT_TOKEN" must not set a variable the construct renders itself (found "PIKO_AGENT_TOKEN"). Fix: set it through the token prop instead');
    expect(message).toContain('PikoAgentSidecar env "1ZONE" must be a valid environment variable name: letters, digits, \'_\', \'-\' and \'.\', not starting with a digit (found "1ZONE"). Fix: use a name such as "HTTP_PROXY"');
  });

  test.each(['workload', 'kubeWorkload'] as const)('refuses a second agent on one host: a pod runs one agent, for every listener (%s host)', (hostKind) => {
    const chart = Testing.chart();
    const host = hostKind === 'workload'
      ? PikoSidecarHost.workload(new kplus.Deployment(chart, 'app', { containers: [{ name: 'web', image: 'nginx:1.27' }] }))
      : PikoSidecarHost.kubeWorkload(new kplus.k8s.KubeDeployment(chart, 'app', {
        metadata: { name: 'app' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
      }));
    new PikoAgentSidecar(chart, 'first', { ...sidecarProps, host });
    expect(() => new PikoAgentSidecar(chart, 'second', { ...sidecarProps, name: 'second-agent', host })).toThrow(
      'Invalid PikoAgentSidecar props (1 problem):\n  [test/second] PikoAgentSidecar host must not hold a second agent: a pod runs one agent container ("piko-agent"), '
      + 'which registers every listener it is given (found "the PikoAgentSidecar at test/first"). Fix: give the listeners of both to one PikoAgentSidecar');
  });

  test('refuses a host whose own container or volume has a name the agent\'s take', () => {
    const chart = Testing.chart();
    const app = new kplus.k8s.KubeDeployment(chart, 'app', {
      metadata: { name: 'app' },
      spec: {
        selector: {},
        template: { spec: { containers: [{ name: 'piko-agent', image: 'nginx:1.27' }], volumes: [{ name: 'piko-agent-config', emptyDir: {} }, { name: 'data', emptyDir: {} }] } },
      },
    });
    let message = '';
    try {
      new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, host: PikoSidecarHost.kubeWorkload(app) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Invalid PikoAgentSidecar props (2 problems):');
    expect(message).toContain('PikoAgentSidecar host containers must not include one named "piko-agent": the agent\'s container takes that name (found ["piko-agent"]). Fix: rename your container');
    expect(message).toContain('PikoAgentSidecar host volumes must not share a name with the agent\'s volumes ("piko-agent-config"): a pod\'s volumes need names of their own '
      + '(found ["piko-agent-config"]). Fix: rename your volume');
    const workload = new kplus.Deployment(chart, 'web', { containers: [{ name: 'piko-agent', image: 'nginx:1.27' }] });
    expect(() => new PikoAgentSidecar(chart, 'web-agent', { ...sidecarProps, host: PikoSidecarHost.workload(workload) }))
      .toThrow('PikoAgentSidecar host containers must not include one named "piko-agent"');
  });

  test('joins a cdk8s-plus workload that has no container yet, and keeps those added after it', () => {
    const chart = Testing.chart();
    const app = new kplus.Deployment(chart, 'app');
    new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, host: PikoSidecarHost.workload(app) });
    app.addContainer({ name: 'web', image: 'nginx:1.27', portNumber: 8080 });
    const pod = Testing.synth(chart).find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers.map((c: Manifest) => c.name)).toEqual(['piko-agent', 'web']);
  });

  test('joins a cdk8s-plus workload and keeps its own containers', () => {
    const chart = Testing.chart();
    const app = new kplus.Deployment(chart, 'app', { containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8080 }] });
    new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, host: PikoSidecarHost.workload(app), serverTrust: PikoServerTrust.fromSecret('piko-ca') });
    expect(app.containers.map((c) => c.name)).toEqual(['web', 'piko-agent']);
    const pod = Testing.synth(chart).find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.containers.map((c: Manifest) => c.name)).toEqual(['web', 'piko-agent']);
    expect(pod.containers[1]).toMatchObject({ args: ['agent', 'start', '--config.path', '/config/agent.yaml', '--config.expand-env'], securityContext: { runAsUser: 65532, capabilities: { drop: ['ALL'] } } });
    expect(pod.volumes.map((v: Manifest) => v.name).sort()).toEqual(['piko-agent-ca', 'piko-agent-config']);
  });

  test('joins an L1 workload by JSON patches, as the same container, keeping its containers and volumes', () => {
    const chart = Testing.chart();
    const app = new kplus.k8s.KubeDeployment(chart, 'app', {
      metadata: { name: 'app' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], volumes: [{ name: 'data', emptyDir: {} }] } } },
    });
    new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, host: PikoSidecarHost.kubeWorkload(app) });
    const objects = Testing.synth(chart);
    const pod = findObject(objects, 'Deployment', 'app').spec.template.spec;
    expect(pod.containers.map((c: Manifest) => c.name)).toEqual(['web', 'piko-agent']);
    expect(pod.containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(pod.volumes.map((v: Manifest) => v.name)).toEqual(['data', 'piko-agent-config']);
    expect(agentYaml(objects).grace_period).toBe('20s');
  });

  test('refuses a host without a pod template, a Job, a patch that drops the host\'s containers, and warns of a short pod grace period', () => {
    const chart = Testing.chart();
    const service = new kplus.k8s.KubeService(chart, 'svc', { spec: {} });
    expect(() => new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, host: PikoSidecarHost.kubeWorkload(service) })).toThrow(
      'PikoAgentSidecar host must be a workload with a pod template at spec.template (Deployment, StatefulSet, DaemonSet, ReplicaSet) (found "Service"). '
      + 'Fix: add the agent to the Deployment or StatefulSet that runs your service');
    const jobMessage = 'PikoAgentSidecar host must not be a Job: a Job\'s pod completes only when all its containers exit, and the agent runs until it is stopped, '
      + 'so the Job would never complete (found "Job"). Fix: run the agent as a PikoAgent that forwards to a Service in front of the Job\'s pods';
    const job = new kplus.Job(chart, 'job', { containers: [{ image: 'busybox:1.36' }] });
    expect(() => new PikoAgentSidecar(chart, 'job-agent', { ...sidecarProps, host: PikoSidecarHost.workload(job) })).toThrow(jobMessage);
    const kubeJob = new kplus.k8s.KubeJob(chart, 'kube-job', { spec: { template: { spec: { containers: [{ name: 'batch', image: 'busybox:1.36' }], restartPolicy: 'Never' } } } });
    expect(() => new PikoAgentSidecar(chart, 'kube-job-agent', { ...sidecarProps, host: PikoSidecarHost.kubeWorkload(kubeJob) })).toThrow(jobMessage);
    expect(job.containers.map((c) => c.name)).toEqual(['main']);
    const message = synthError((c) => {
      const app = new kplus.k8s.KubeDeployment(c, 'app', { metadata: { name: 'app' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } });
      new PikoAgentSidecar(c, 'agent', { ...sidecarProps, host: PikoSidecarHost.kubeWorkload(app) });
      app.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0'));
    });
    expect(message).toContain('PikoAgentSidecar Deployment "app" containers must keep the workload\'s own containers beside the agent (found ["piko-agent"])');
    const warnings = captureWarnings(() => {
      const c = Testing.chart();
      const app = new kplus.Deployment(c, 'app', { containers: [{ image: 'nginx:1.27' }] });
      new PikoAgentSidecar(c, 'agent', { ...sidecarProps, host: PikoSidecarHost.workload(app), gracePeriod: Duration.seconds(30) });
      Testing.synth(c);
    });
    expect(warnings.join('\n')).toContain('spec.template.spec.terminationGracePeriodSeconds is not longer than the agent\'s grace_period (30s): requests still in flight are killed with the pod (found 30)');
  });

  test('with a cluster, it is checked and admitted like a PikoAgent', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'piko' });
    const piko = new PikoCluster(chart, 'piko', { networkPolicy: {} });
    // The cluster's namespace enforces the restricted profile, which the host's container meets.
    const web = { name: 'web', image: 'nginx:1.27', securityContext: RESTRICTED_CONTAINER };
    const app = new kplus.k8s.KubeDeployment(chart, 'app', { metadata: { name: 'app', namespace: 'piko' }, spec: { selector: {}, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [web] } } } });
    new PikoAgentSidecar(chart, 'agent', { ...sidecarProps, connectTo: PikoAgentTarget.cluster(piko), host: PikoSidecarHost.kubeWorkload(app) });
    expect(findObject(Testing.synth(chart), 'NetworkPolicy', 'piko').spec.ingress).toContainEqual({ ports: [{ port: 8001, protocol: 'TCP' }], from: [{ podSelector: { matchLabels: { app: 'web' } } }] });
    // Without the sidecar's own rule and the one admitting the cluster's namespace, which holds it too.
    piko.networkPolicy!.addJsonPatch(JsonPatch.remove('/spec/ingress/4'), JsonPatch.remove('/spec/ingress/2'));
    expect(() => Testing.synth(chart)).toThrow('[test/agent] PikoAgentSidecar NetworkPolicy "piko" spec.ingress must admit the pods of Deployment "app" (PikoAgentSidecar) to TCP port 8001');
  });
});
