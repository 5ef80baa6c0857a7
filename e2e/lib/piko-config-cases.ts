// Raw config cases on which the synth's verdict is held against Piko's own: for each, the
// server.yaml (or agent.yaml) the construct renders with that raw `config`, whether `cdk8s synth`
// refuses it, and what Piko is expected to do with the same file. Where the synth is stricter than
// Piko, the case says why; the check then proves that Piko starts with it, so the reason stays true.
//
//   tsx e2e/lib/piko-config-cases.ts plan <dir>    writes per case <id>.yaml, <id>.mounts (the certificate
//                                                  directories), <id>.env (the container's literal env vars,
//                                                  NAME=value a line) and <id>.serves (ports to ask), and cases.json
//   tsx e2e/lib/piko-config-cases.ts judge <dir>   reads <id>.piko (what Piko did) and <id>.served (how its
//                                                  ports answered) and prints a line per case;
//                                                  exits non-zero when an outcome is not the expected one

import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Size, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { PikoAgent, PikoAgentProps, PikoAgentTarget, PikoClientCertificate, PikoCluster, PikoClusterProps, PikoServerTrust, PikoTls } from '../../lib';

type Program = 'server' | 'agent';
type Outcome = 'refuses' | 'starts';

interface ConfigCase {
  readonly id: string;
  readonly program: Program;
  readonly config: { [key: string]: unknown };
  /** What Piko does with the file; the synth refuses it when Piko does, or when `stricter` says why. */
  readonly piko: Outcome;
  /** Why the synth refuses a file Piko starts with. */
  readonly stricter?: string;
  /** Typed props the case's file is rendered with beside its raw `config` (TLS, for one). */
  readonly props?: CaseProps;
  /** How the started server answers on its ports: the check asks each one. */
  readonly serves?: readonly Served[];
}

/**
 * How a port answers: plain HTTP; TLS with the fixture certificate; or TLS that completes a
 * request only for a client presenting a certificate the fixture CA signed.
 */
interface Served {
  readonly port: number;
  readonly as: 'http' | 'tls' | 'mutual-tls';
}

/** Typed props of a case: the cluster's, and for an agent case the agent's. */
interface CaseProps {
  readonly cluster?: Partial<PikoClusterProps>;
  readonly agent?: Partial<PikoAgentProps>;
}

// Typed TLS of the cases. The runner puts a certificate, its key and the CA that signed it
// (tls.crt, tls.key, ca.crt) at every Secret and ConfigMap directory the container mounts.
const proxyTls: CaseProps = { cluster: { proxy: { tls: PikoTls.fromSecret('piko-proxy-tls') } } };
const PROXY_TLS_DIR = '/etc/piko/tls/proxy';
const mutualProxyTls: CaseProps = { cluster: { proxy: { tls: PikoTls.fromSecret('piko-proxy-tls', { clientCaKey: 'ca.crt' }) } } };
const adminTls: CaseProps = { cluster: { admin: { tls: PikoTls.fromSecret('piko-admin-tls') } } };
/** A Secret mounted through the pod options, for raw TLS paths of the user's own. */
const upstreamTlsVolume: CaseProps = {
  cluster: {
    volumes: [{ name: 'upstream-tls', secret: { secretName: 'upstream-tls' } }],
    volumeMounts: [{ name: 'upstream-tls', mountPath: '/etc/upstream-tls', readOnly: true }],
  },
};
const agentTrustingUpstreamTls: CaseProps = {
  cluster: { upstream: { tls: PikoTls.fromSecret('piko-upstream-tls') } },
  agent: { serverTrust: PikoServerTrust.fromConfigMap('internal-ca') },
};
/** Upstream mutual TLS, and the agent's certificate for it. */
const agentWithClientCertificate: CaseProps = {
  cluster: { upstream: { tls: PikoTls.fromSecret('piko-upstream-tls', { clientCaKey: 'ca.crt' }) } },
  agent: { serverTrust: PikoServerTrust.fromConfigMap('internal-ca'), clientCertificate: PikoClientCertificate.fromSecret('piko-agent-tls') },
};
/** A listener to an HTTPS service that asks for a client certificate. */
const agentListenerHttps: CaseProps = {
  agent: {
    listeners: [{
      endpointId: 'web',
      host: 'web.e2e.svc',
      port: 8443,
      timeout: Duration.seconds(30),
      tls: { trust: PikoServerTrust.fromConfigMap('web-ca'), clientCertificate: PikoClientCertificate.fromSecret('web-client-tls') },
    }],
  },
};

/** A raw agent.yaml listener: the one the construct renders, with `change` over it (undefined drops a key). */
function listener(change: { [key: string]: unknown }): { [key: string]: unknown } {
  const merged: { [key: string]: unknown } = { endpoint_id: 'web', addr: 'web.e2e.svc:8080', protocol: 'http', timeout: '30s', ...change };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

/** What a case may add to its raw config: the program, typed props, and how its ports answer. */
interface CaseOptions {
  readonly program?: Program;
  readonly props?: CaseProps;
  readonly serves?: readonly Served[];
}

/** A case whose raw config is rendered beside typed props, or whose ports are asked how they answer. */
function typed(id: string, config: { [key: string]: unknown }, piko: Outcome, options: CaseOptions): ConfigCase {
  return { id, program: options.program ?? 'server', config, piko, props: options.props, serves: options.serves };
}

/** A case Piko starts with and the synth refuses, for the reason given. */
function stricter(id: string, config: { [key: string]: unknown }, why: string, options: CaseOptions = {}): ConfigCase {
  return { ...typed(id, config, 'starts', options), stricter: why };
}

const CASES: readonly ConfigCase[] = [
  typed('defaults', {}, 'starts', { serves: [{ port: 8000, as: 'http' }, { port: 8002, as: 'http' }] }),
  { id: 'timeouts', program: 'server', config: { proxy: { timeout: '45s', http: { write_timeout: '60s' } } }, piko: 'starts' },
  { id: 'stream-window-minimum', program: 'server', config: { stream: { max_window_size: 262_144 } }, piko: 'starts' },
  { id: 'stream-window-largest', program: 'server', config: { stream: { max_window_size: 4_294_967_295 } }, piko: 'starts' },
  typed('stream-window-prop', {}, 'starts', { props: { cluster: { streamWindowSize: Size.mebibytes(1) } } }),
  typed('stream-window-prop-largest', {}, 'starts', { props: { cluster: { streamWindowSize: Size.kibibytes(4 * 1024 * 1024 - 1) } } }),
  { id: 'stream-window-too-small', program: 'server', config: { stream: { max_window_size: 262_143 } }, piko: 'refuses' },
  { id: 'stream-window-over-32-bits', program: 'server', config: { stream: { max_window_size: 4_294_967_296 } }, piko: 'refuses' },
  { id: 'stream-window-with-unit', program: 'server', config: { stream: { max_window_size: '1Mi' } }, piko: 'refuses' },
  { id: 'unknown-key', program: 'server', config: { usage: { disable: true } }, piko: 'refuses' },
  { id: 'unknown-nested-key', program: 'server', config: { proxy: { tls: { enabled: false } } }, piko: 'refuses' },
  { id: 'duration-as-number', program: 'server', config: { cluster: { join_timeout: 60 } }, piko: 'refuses' },
  { id: 'map-as-scalar', program: 'server', config: { proxy: { access_log: true } }, piko: 'refuses' },
  { id: 'log-level', program: 'server', config: { log: { level: 'trace' } }, piko: 'refuses' },
  { id: 'zero-grace-period', program: 'server', config: { grace_period: '0s' }, piko: 'refuses' },
  { id: 'zero-gossip-interval', program: 'server', config: { cluster: { gossip: { interval: '0s' } } }, piko: 'refuses' },
  { id: 'zero-packet-size', program: 'server', config: { cluster: { gossip: { max_packet_size: 0 } } }, piko: 'refuses' },
  { id: 'shed-rate-over-one', program: 'server', config: { upstream: { rebalance: { shed_rate: 2 } } }, piko: 'refuses' },
  { id: 'negative-threshold', program: 'server', config: { upstream: { rebalance: { threshold: -1 } } }, piko: 'refuses' },
  { id: 'negative-min-conns', program: 'server', config: { upstream: { rebalance: { min_conns: -1 } } }, piko: 'refuses' },
  { id: 'both-header-lists', program: 'server', config: { proxy: { access_log: { request_headers: { allow_list: ['a'], block_list: ['b'] } } } }, piko: 'refuses' },
  stricter('negative-proxy-timeout', { proxy: { timeout: '-1s' } },
    'Piko starts, and every HTTP request through the proxy then fails at once with 504: a negative timeout has always run out'),
  stricter('negative-read-timeout', { proxy: { http: { read_timeout: '-1s' } } },
    'Go\'s HTTP server takes a negative timeout for none, as 0: write 0s to mean none'),
  stricter('unknown-log-subsystem', { log: { subsystems: ['proxy.acess'] } },
    'Piko ignores a name it does not have, so the subsystem meant is never logged'),
  stricter('yes-no-boolean', { cluster: { abort_if_join_fails: 'no' } },
    'Piko\'s YAML decoder reads the YAML 1.1 words yes, no, on and off as booleans; the synth asks for true or false'),
  { id: 'env-reference-with-default', program: 'server', config: { proxy: { timeout: '${PROXY_TIMEOUT:45s}' } }, piko: 'starts' },
  stricter('env-reference-unknown', { proxy: { access_log: { request_headers: { block_list: ['${SECRET_HEADER}'] } } } },
    'Piko expands a variable the container does not set to nothing, and starts: the list then blocks a header named ""'),
  { id: 'env-bind-port-with-default', program: 'server', config: { proxy: { bind_addr: ':${PROXY_PORT:8000}' } }, piko: 'starts' },
  stricter('env-bind-port-moved', { proxy: { bind_addr: ':${PROXY_PORT:9000}' } },
    'Piko binds the default 9000, where the container port, the Services and the advertise address say 8000: clients and peers dial a closed port'),
  { id: 'env-node-id-empty-default', program: 'server', config: { cluster: { node_id: '${NODE_ID:}' } }, piko: 'starts' },
  { id: 'tenant-without-auth', program: 'server', config: { upstream: { tenants: [{ id: 'team-a' }] } }, piko: 'refuses' },
  { id: 'unparsable-rsa-key', program: 'server', config: { upstream: { auth: { rsa_public_key: 'not a key' } } }, piko: 'refuses' },
  { id: 'tls-cert-without-key', program: 'server', config: { proxy: { tls: { cert: '/etc/piko/tls/tls.crt' } } }, piko: 'refuses' },
  { id: 'tls-key-without-cert', program: 'server', config: { upstream: { tls: { key: '/etc/piko/tls/tls.key' } } }, piko: 'refuses' },
  { id: 'tls-files-not-mounted', program: 'server', config: { proxy: { tls: { cert: '/etc/piko/tls/tls.crt', key: '/etc/piko/tls/tls.key' } } }, piko: 'refuses' },
  stricter('tls-client-cas-alone', { proxy: { tls: { client_cas: '/etc/piko/ca/ca.crt' } } },
    'Piko starts and serves the port in plain HTTP: without a cert and key it ignores client_cas, so no client certificate is asked for',
    { serves: [{ port: 8000, as: 'http' }] }),
  stricter('tls-peer-client-without-proxy-tls', { proxy: { tls: { client: { root_cas: '/etc/piko/ca/ca.crt' } } } },
    'Piko starts and ignores the block: without proxy TLS, nodes forward requests to each other over plain HTTP'),
  typed('tls-proxy', {}, 'starts', { props: proxyTls, serves: [{ port: 8000, as: 'tls' }, { port: 8001, as: 'http' }] }),
  typed('tls-mutual', {}, 'starts', { props: mutualProxyTls, serves: [{ port: 8000, as: 'mutual-tls' }] }),
  typed('tls-admin', {}, 'starts', { props: adminTls, serves: [{ port: 8002, as: 'tls' }] }),
  typed('tls-raw-client-cas-mounted', { proxy: { tls: { client_cas: `${PROXY_TLS_DIR}/ca.crt` } } }, 'starts',
    { props: proxyTls, serves: [{ port: 8000, as: 'mutual-tls' }] }),
  typed('tls-raw-files-from-volume', { upstream: { tls: { cert: '/etc/upstream-tls/tls.crt', key: '/etc/upstream-tls/tls.key' } } }, 'starts',
    { props: upstreamTlsVolume, serves: [{ port: 8001, as: 'tls' }] }),
  typed('tls-peer-client-root-cas', { proxy: { tls: { client: { root_cas: `${PROXY_TLS_DIR}/ca.crt` } } } }, 'starts', { props: proxyTls }),
  typed('tls-peer-client-pair', { proxy: { tls: { client: { cert: `${PROXY_TLS_DIR}/tls.crt`, key: `${PROXY_TLS_DIR}/tls.key` } } } }, 'starts', { props: proxyTls }),
  typed('tls-peer-client-cert-without-key', { proxy: { tls: { client: { cert: `${PROXY_TLS_DIR}/tls.crt` } } } }, 'refuses', { props: proxyTls }),
  stricter('tls-peer-client-key-without-cert', { proxy: { tls: { client: { key: `${PROXY_TLS_DIR}/tls.key` } } } },
    'Piko starts, ignores the key and presents no client certificate to its peers', { props: proxyTls }),
  typed('tls-peer-client-root-cas-not-mounted', { proxy: { tls: { client: { root_cas: '/etc/piko/ca/ca.crt' } } } }, 'refuses', { props: proxyTls }),
  { id: 'unparsable-ecdsa-key', program: 'server', config: { upstream: { auth: { ecdsa_public_key: 'not a key' } } }, piko: 'refuses' },
  { id: 'jwks-with-hmac-key', program: 'server', config: { upstream: { auth: { hmac_secret_key: '${HMAC_KEY:k}', jwks: { endpoint: 'http://10.9.0.1:1/jwks' } } } }, piko: 'refuses' },
  { id: 'agent-defaults', program: 'agent', config: {}, piko: 'starts' },
  { id: 'agent-stream-window', program: 'agent', config: { stream: { max_window_size: 1_048_576 } }, piko: 'starts' },
  typed('agent-stream-window-prop', {}, 'starts', { program: 'agent', props: { agent: { streamWindowSize: Size.mebibytes(1) } } }),
  { id: 'agent-stream-window-too-small', program: 'agent', config: { stream: { max_window_size: 1024 } }, piko: 'refuses' },
  { id: 'agent-unknown-key', program: 'agent', config: { connect: { retries: 3 } }, piko: 'refuses' },
  { id: 'agent-tcp-listener', program: 'agent', config: { listeners: [listener({ protocol: 'tcp' })] }, piko: 'starts' },
  { id: 'agent-no-listeners', program: 'agent', config: { listeners: [] }, piko: 'refuses' },
  { id: 'agent-listener-without-timeout', program: 'agent', config: { listeners: [listener({ timeout: undefined })] }, piko: 'refuses' },
  { id: 'agent-zero-listener-timeout', program: 'agent', config: { listeners: [listener({ timeout: '0s' })] }, piko: 'refuses' },
  { id: 'agent-listener-timeout-env-default', program: 'agent', config: { listeners: [listener({ timeout: '${LISTEN_TIMEOUT:30s}' })] }, piko: 'starts' },
  { id: 'agent-zero-listener-timeout-env-default', program: 'agent', config: { listeners: [listener({ timeout: '${LISTEN_TIMEOUT:0s}' })] }, piko: 'refuses' },
  { id: 'agent-listener-without-addr', program: 'agent', config: { listeners: [listener({ addr: undefined })] }, piko: 'refuses' },
  { id: 'agent-udp-listener', program: 'agent', config: { listeners: [listener({ protocol: 'udp' })] }, piko: 'refuses' },
  { id: 'agent-insecure-skip-verify', program: 'agent', config: { connect: { tls: { insecure_skip_verify: true } } }, piko: 'starts' },
  { id: 'agent-tls-cert-without-key', program: 'agent', config: { connect: { tls: { cert: '/etc/piko/tls/tls.crt' } } }, piko: 'refuses' },
  { id: 'agent-tls-root-cas-not-mounted', program: 'agent', config: { connect: { tls: { root_cas: '/etc/piko/ca/ca.crt' } } }, piko: 'refuses' },
  typed('agent-server-trust', {}, 'starts', { program: 'agent', props: agentTrustingUpstreamTls }),
  typed('agent-client-certificate', {}, 'starts', { program: 'agent', props: agentWithClientCertificate }),
  stricter('agent-client-certificate-unasked', {}, 'the agent starts, and presents a certificate the server, with no client CA, never asks for', {
    program: 'agent', props: { ...agentTrustingUpstreamTls, agent: agentWithClientCertificate.agent },
  }),
  typed('agent-listener-https', {}, 'starts', { program: 'agent', props: agentListenerHttps }),
  { id: 'agent-listener-tls-root-cas-not-mounted', program: 'agent', config: { listeners: [listener({ addr: 'https://web.e2e.svc:8443', tls: { root_cas: '/etc/web-ca/ca.crt' } })] }, piko: 'refuses' },
  { id: 'agent-listener-tls-cert-without-key', program: 'agent', config: { listeners: [listener({ addr: 'https://web.e2e.svc:8443', tls: { cert: '/etc/web/tls.crt' } })] }, piko: 'refuses' },
  stricter('agent-listener-tls-on-plain-addr', { listeners: [listener({ tls: { insecure_skip_verify: true } })] },
    'the agent starts, and dials web.e2e.svc:8080 in plain HTTP: it uses tls only for an https:// addr', { program: 'agent' }),
  stricter('agent-tcp-listener-tls', { listeners: [listener({ protocol: 'tcp', tls: { insecure_skip_verify: true } })] },
    'the agent starts, and forwards the TCP connections as they are: it ignores tls', { program: 'agent' }),
  stricter('agent-tls-key-without-cert', { connect: { tls: { key: '/etc/piko/tls/tls.key' } } },
    'the agent starts, ignores the key and presents no client certificate', { program: 'agent' }),
  stricter('agent-endpoint-id-with-slash', { listeners: [listener({ endpoint_id: 'a/b' })] },
    'the agent starts, and dials /piko/v1/upstream/a/b, which the server\'s one-segment route never matches', { program: 'agent' }),
  stricter('agent-repeated-endpoint-id', { listeners: [listener({}), listener({ addr: 'web.e2e.svc:9090' })] },
    'the agent starts, and its two listeners split one endpoint\'s traffic between them', { program: 'agent' }),
  stricter('agent-listener-on-localhost', { listeners: [listener({ addr: 'localhost:8080' })] },
    'the agent starts, and would forward every request to its own pod, where nothing serves the port', { program: 'agent' }),
  // The URL comes from a literal env var, which the synth resolves as the agent does.
  stricter('agent-url-without-scheme', {}, 'the agent starts, and retries the connection forever: "malformed ws or wss URL"', {
    program: 'agent',
    props: { agent: { connectTo: PikoAgentTarget.url('${PIKO_URL}'), env: { PIKO_URL: EnvValue.fromValue('piko-upstream.e2e.svc:8001') } } },
  }),
];

/** What `cases.json` holds for each case. */
interface PlannedCase {
  readonly id: string;
  readonly program: Program;
  readonly piko: Outcome;
  readonly stricter?: string;
  /** The synth's problems with the file; empty when it synthesizes. */
  readonly problems: readonly string[];
  /** How many ports the runner asks how they answer. */
  readonly serves: number;
}

/**
 * The directories where the case's container mounts a Secret or ConfigMap other than its config
 * file: the runner puts the certificate files there, as the kubelet would put the objects' keys.
 */
function certificateMounts(workload: ApiObject, configMapName: string): string[] {
  const pod = workload.toJson().spec.template.spec;
  const certificateVolumes = new Set<string>((pod.volumes ?? [])
    .filter((volume: any) => volume.secret !== undefined || (volume.configMap !== undefined && volume.configMap.name !== configMapName))
    .map((volume: any) => volume.name));
  return (pod.containers[0].volumeMounts ?? [])
    .filter((mount: any) => certificateVolumes.has(mount.name) && mount.subPath === undefined)
    .map((mount: any) => mount.mountPath);
}

/**
 * The env vars the container sets to a literal, as `NAME=value`: the values Piko expands its
 * references to. A value holding `$(OTHER)` is left out, as the synth leaves it unresolved: the
 * kubelet expands it from the pod's other variables, which this runner does not model.
 */
function literalEnv(workload: ApiObject): string[] {
  const env: Array<{ name: string; value?: string; valueFrom?: unknown }> = workload.toJson().spec.template.spec.containers[0].env ?? [];
  return env
    .filter((entry) => typeof entry.value === 'string' && entry.valueFrom === undefined && !entry.value.includes('$('))
    .map((entry) => `${entry.name}=${entry.value}`);
}

/** The config file the construct renders for a case, the certificate mounts, the literal env, and the synth's problems with it. */
function render(configCase: ConfigCase): { file: string; mounts: string[]; env: string[]; problems: string[] } {
  const chart = new Chart(new App(), 'cases');
  // One node: a fixed node_id or other multi-node rules stay out of the cases.
  const cluster = new PikoCluster(chart, 'piko', {
    ...configCase.props?.cluster, namespace: 'e2e', replicas: 1, config: configCase.program === 'server' ? configCase.config : {},
  });
  const agent = configCase.program === 'agent'
    ? new PikoAgent(chart, 'agent', {
      listeners: [{ endpointId: 'web', host: 'web.e2e.svc', port: 8080, timeout: Duration.seconds(30) }],
      connectTo: PikoAgentTarget.cluster(cluster),
      ...configCase.props?.agent,
      config: configCase.config,
    })
    : undefined;
  const configMap = agent?.configMap ?? cluster.configMap;
  const file = String(Object.values(configMap.toJson().data)[0]);
  const workload = agent?.deployment ?? cluster.statefulSet;
  const mounts = certificateMounts(workload, configMap.name);
  const env = literalEnv(workload);
  try {
    Testing.synth(chart);
    return { file, mounts, env, problems: [] };
  } catch (error) {
    const lines = (error as Error).message.split('\n').filter((line) => line.includes('] Piko'));
    return { file, mounts, env, problems: lines.length > 0 ? lines.map((line) => line.trim()) : [(error as Error).message] };
  }
}

function plan(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const planned: PlannedCase[] = CASES.map((configCase) => {
    const { file, mounts, env, problems } = render(configCase);
    fs.writeFileSync(path.join(dir, `${configCase.id}.yaml`), file);
    fs.writeFileSync(path.join(dir, `${configCase.id}.mounts`), mounts.map((mount) => `${mount}\n`).join(''));
    fs.writeFileSync(path.join(dir, `${configCase.id}.env`), env.map((pair) => `${pair}\n`).join(''));
    const serves = configCase.serves ?? [];
    fs.writeFileSync(path.join(dir, `${configCase.id}.serves`), serves.map(({ port, as }) => `${port} ${as}\n`).join(''));
    return { id: configCase.id, program: configCase.program, piko: configCase.piko, stricter: configCase.stricter, problems, serves: serves.length };
  });
  fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(planned, null, 2));
  for (const { id, program } of planned) {
    console.log(`${id} ${program}`);
  }
}

/** What Piko did with a case's file: `starts`, or `refuses: <its first error line>`. */
function pikoOutcome(dir: string, id: string): { outcome: Outcome; detail: string } {
  const text = fs.readFileSync(path.join(dir, `${id}.piko`), 'utf8').trim();
  return text === 'starts' ? { outcome: 'starts', detail: '' } : { outcome: 'refuses', detail: text.replace(/^refuses: ?/, '') };
}

/** How the case's ports answered, a line each: "ok port …" or "FAIL port …" (see lib/config-case.sh). */
function portAnswers(dir: string, configCase: PlannedCase): { ok: boolean; text: string } {
  if (configCase.serves === 0) return { ok: true, text: '' };
  const file = path.join(dir, `${configCase.id}.served`);
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '') : [];
  const ok = lines.length === configCase.serves && lines.every((line) => line.startsWith('ok '));
  return { ok, text: lines.length > 0 ? `; ${lines.join('; ')}` : '; no port was asked' };
}

function judge(dir: string): number {
  const planned: PlannedCase[] = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
  let failures = 0;
  for (const configCase of planned) {
    const piko = pikoOutcome(dir, configCase.id);
    const ports = portAnswers(dir, configCase);
    const synthRefuses = configCase.problems.length > 0;
    const synthShouldRefuse = configCase.piko === 'refuses' || configCase.stricter !== undefined;
    const ok = piko.outcome === configCase.piko && synthRefuses === synthShouldRefuse && ports.ok;
    failures += ok ? 0 : 1;
    const synth = synthRefuses ? `synth refuses (${configCase.problems[0]})` : 'synth passes';
    const pikoText = piko.outcome === 'starts' ? 'Piko starts' : `Piko refuses (${piko.detail})`;
    const expected = ok ? '' : ` — expected Piko to ${configCase.piko === 'starts' ? 'start' : 'refuse'}${configCase.serves > 0 ? ' and its ports to answer as listed' : ''} and the synth to ${synthShouldRefuse ? 'refuse' : 'pass'}`;
    const why = configCase.stricter && ok ? ` — stricter on purpose: ${configCase.stricter}` : '';
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${configCase.program} ${configCase.id}: ${synth}; ${pikoText}${ports.text}${why}${expected}`);
  }
  console.log(`${planned.length - failures} of ${planned.length} cases as expected`);
  return failures === 0 ? 0 : 1;
}

const [mode, dir] = process.argv.slice(2);
if (mode === 'plan' && dir) {
  plan(dir);
} else if (mode === 'judge' && dir) {
  process.exitCode = judge(dir);
} else {
  console.error('usage: piko-config-cases.ts plan|judge <dir>');
  process.exitCode = 2;
}
