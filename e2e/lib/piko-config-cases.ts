// Raw config cases on which the synth's verdict is held against Piko's own: for each, the
// server.yaml (or agent.yaml) the construct renders with that raw `config`, whether `cdk8s synth`
// refuses it, and what Piko is expected to do with the same file. Where the synth is stricter than
// Piko, the case says why; the check then proves that Piko starts with it, so the reason stays true.
//
//   tsx e2e/lib/piko-config-cases.ts plan <dir>    writes <id>.yaml per case and cases.json
//   tsx e2e/lib/piko-config-cases.ts judge <dir>   reads <id>.piko (what Piko did) and prints a line per case;
//                                                  exits non-zero when an outcome is not the expected one

import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { PikoAgent, PikoAgentTarget, PikoCluster } from '../../lib';

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
}

/** A raw agent.yaml listener: the one the construct renders, with `change` over it (undefined drops a key). */
function listener(change: { [key: string]: unknown }): { [key: string]: unknown } {
  const merged: { [key: string]: unknown } = { endpoint_id: 'web', addr: 'localhost:8080', protocol: 'http', timeout: '30s', ...change };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

/** A case Piko starts with and the synth refuses, for the reason given. */
function stricter(id: string, config: { [key: string]: unknown }, why: string, program: Program = 'server'): ConfigCase {
  return { id, program, config, piko: 'starts', stricter: why };
}

const CASES: readonly ConfigCase[] = [
  { id: 'defaults', program: 'server', config: {}, piko: 'starts' },
  { id: 'timeouts', program: 'server', config: { proxy: { timeout: '45s', http: { write_timeout: '60s' } } }, piko: 'starts' },
  { id: 'stream-window-minimum', program: 'server', config: { stream: { max_window_size: 262_144 } }, piko: 'starts' },
  { id: 'stream-window-largest', program: 'server', config: { stream: { max_window_size: 4_294_967_295 } }, piko: 'starts' },
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
    'Piko starts and serves the port in plain HTTP: without a cert and key it ignores client_cas, so no client certificate is asked for'),
  stricter('tls-peer-client-without-proxy-tls', { proxy: { tls: { client: { root_cas: '/etc/piko/ca/ca.crt' } } } },
    'Piko starts and ignores the block: without proxy TLS, nodes forward requests to each other over plain HTTP'),
  { id: 'unparsable-ecdsa-key', program: 'server', config: { upstream: { auth: { ecdsa_public_key: 'not a key' } } }, piko: 'refuses' },
  { id: 'jwks-with-hmac-key', program: 'server', config: { upstream: { auth: { hmac_secret_key: '${HMAC_KEY:k}', jwks: { endpoint: 'http://10.9.0.1:1/jwks' } } } }, piko: 'refuses' },
  { id: 'agent-defaults', program: 'agent', config: {}, piko: 'starts' },
  { id: 'agent-stream-window', program: 'agent', config: { stream: { max_window_size: 1_048_576 } }, piko: 'starts' },
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
  stricter('agent-tls-key-without-cert', { connect: { tls: { key: '/etc/piko/tls/tls.key' } } },
    'the agent starts, ignores the key and presents no client certificate', 'agent'),
  stricter('agent-endpoint-id-with-slash', { listeners: [listener({ endpoint_id: 'a/b' })] },
    'the agent starts, and dials /piko/v1/upstream/a/b, which the server\'s one-segment route never matches', 'agent'),
  stricter('agent-repeated-endpoint-id', { listeners: [listener({}), listener({ addr: 'localhost:9090' })] },
    'the agent starts, and its two listeners split one endpoint\'s traffic between them', 'agent'),
  stricter('agent-url-without-scheme', { connect: { url: 'piko-upstream.e2e.svc:8001' } },
    'the agent starts, and retries the connection forever: "malformed ws or wss URL"', 'agent'),
];

/** What `cases.json` holds for each case. */
interface PlannedCase {
  readonly id: string;
  readonly program: Program;
  readonly piko: Outcome;
  readonly stricter?: string;
  /** The synth's problems with the file; empty when it synthesizes. */
  readonly problems: readonly string[];
}

/** The config file the construct renders for a case, and the synth's problems with it. */
function render(configCase: ConfigCase): { file: string; problems: string[] } {
  const chart = new Chart(new App(), 'cases');
  // One node: a fixed node_id or other multi-node rules stay out of the cases.
  const cluster = new PikoCluster(chart, 'piko', {
    namespace: 'e2e', replicas: 1, config: configCase.program === 'server' ? configCase.config : {},
  });
  const agent = configCase.program === 'agent'
    ? new PikoAgent(chart, 'agent', {
      connectTo: PikoAgentTarget.cluster(cluster),
      listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }],
      config: configCase.config,
    })
    : undefined;
  const configMap = (agent?.configMap ?? cluster.configMap).toJson();
  const file = String(Object.values(configMap.data)[0]);
  try {
    Testing.synth(chart);
    return { file, problems: [] };
  } catch (error) {
    const lines = (error as Error).message.split('\n').filter((line) => line.includes('] Piko'));
    return { file, problems: lines.length > 0 ? lines.map((line) => line.trim()) : [(error as Error).message] };
  }
}

function plan(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const planned: PlannedCase[] = CASES.map((configCase) => {
    const { file, problems } = render(configCase);
    fs.writeFileSync(path.join(dir, `${configCase.id}.yaml`), file);
    return { id: configCase.id, program: configCase.program, piko: configCase.piko, stricter: configCase.stricter, problems };
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

function judge(dir: string): number {
  const planned: PlannedCase[] = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
  let failures = 0;
  for (const configCase of planned) {
    const piko = pikoOutcome(dir, configCase.id);
    const synthRefuses = configCase.problems.length > 0;
    const synthShouldRefuse = configCase.piko === 'refuses' || configCase.stricter !== undefined;
    const ok = piko.outcome === configCase.piko && synthRefuses === synthShouldRefuse;
    failures += ok ? 0 : 1;
    const synth = synthRefuses ? `synth refuses (${configCase.problems[0]})` : 'synth passes';
    const pikoText = piko.outcome === 'starts' ? 'Piko starts' : `Piko refuses (${piko.detail})`;
    const expected = ok ? '' : ` — expected Piko to ${configCase.piko === 'starts' ? 'start' : 'refuse'} and the synth to ${synthShouldRefuse ? 'refuse' : 'pass'}`;
    const why = configCase.stricter && ok ? ` — stricter on purpose: ${configCase.stricter}` : '';
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${configCase.program} ${configCase.id}: ${synth}; ${pikoText}${why}${expected}`);
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
