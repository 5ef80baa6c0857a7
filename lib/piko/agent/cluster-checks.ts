import { IConstruct } from 'constructs';
import { AgentCheckContext, agentConfigSetting } from './checks';
import { TOKEN_ENV } from './layout';
import { isPlainObject, valueAt } from '../../common/config-document';
import { finalJson } from '../../common/final-json';
import { containerNamed, envNamed, Manifest } from '../../common/manifest-view';
import { checkPolicyAdmits, NetworkPeer } from '../../common/network-policy';
import { apiObjectsOf } from '../../common/object-versions';
import { Problem } from '../../common/problems';
import { serviceNamed } from '../../common/service-names';
import { PikoCluster } from '../cluster';
import { isSet, PIKO_DEFAULT_PORTS } from '../effective-config';
import { holdsReference } from '../env-expansion';
import { CONTAINER_NAME } from '../pod-layout';

/** Where the agent runs, as the cluster's objects must see it. */
export interface AgentPlacement {
  /** The agent's namespace. */
  readonly namespace: string;
  /** The agent's pods, as the cluster's NetworkPolicy must admit them. */
  readonly peer: NetworkPeer;
  /** The agent's pods, as messages name them. */
  readonly pods: string;
  /**
   * Whether the construct admitted its pods to the cluster's NetworkPolicy: it does when given
   * the cluster (PikoAgentTarget.cluster), not when a plain URL names it.
   */
  readonly admitted: boolean;
}

/** The cluster as its final objects say it serves the upstream port. */
interface UpstreamView {
  readonly hosts: string[];
  readonly ports: number[];
  readonly tls: boolean;
  readonly clientCertificates: boolean;
  readonly auth: boolean;
  readonly tenants: unknown[];
  readonly verificationKeys: Manifest[];
  readonly bindPort: number;
}

/**
 * The agent against the PikoCluster it connects to, both read as they will be written: the URL
 * names the upstream Service with the scheme its TLS implies, a token is sent exactly when the
 * port verifies one (and is not the verification key itself), the CA is mounted for TLS, the
 * tenant exists, and the cluster's NetworkPolicy admits the agent.
 */
export function checkAgainstCluster(context: AgentCheckContext, cluster: PikoCluster, placement: AgentPlacement): Problem[] {
  const upstream = upstreamOf(cluster, placement);
  const problems: Problem[] = [
    ...checkUrl(context, upstream), ...checkToken(context, upstream), ...checkTls(context, upstream), ...checkTenant(context, upstream),
  ];
  if (cluster.networkPolicy !== undefined) {
    const fix = placement.admitted ? undefined
      : 'use connectTo: PikoAgentTarget.cluster(cluster), which admits the agent\'s pods, or admit them through the cluster\'s networkPolicy upstreamFrom';
    problems.push(...checkPolicyAdmits(finalJson(cluster.networkPolicy), upstream.bindPort, [placement.peer], placement.pods, fix));
  }
  return problems;
}

/**
 * The PikoCluster of this app that a plain URL (PikoAgentTarget.url) names one of the Services
 * of, so the agent is held to it as if it had been given with PikoAgentTarget.cluster: an agent
 * pointed at the cluster's proxy or headless Service, or at the upstream one without the token or
 * CA it needs, is refused instead of connecting nowhere. A URL with a reference is known only at
 * start, and is left alone.
 */
export function clusterNamedByUrl(constructs: readonly IConstruct[], url: string, agentNamespace: string): PikoCluster | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const named = holdsReference(url) ? undefined : serviceNamed(host, agentNamespace);
  if (named === undefined) {
    return undefined;
  }
  return constructs.find((c): c is PikoCluster => c instanceof PikoCluster && apiObjectsOf(c).some((object) => (
    object.kind === 'Service' && object.name === named.name && (object.metadata.namespace ?? 'default') === named.namespace
  )));
}

function upstreamOf(cluster: PikoCluster, placement: AgentPlacement): UpstreamView {
  const effective = cluster._effectiveConfig();
  const container = containerNamed(finalJson(cluster.statefulSet), CONTAINER_NAME);
  const service = finalJson(cluster.upstreamService);
  const name = service.metadata?.name;
  const namespace = service.metadata?.namespace;
  const domain = cluster.headlessDnsName.split('.svc.')[1];
  const tenants = effective.value('upstream.tenants');
  return {
    hosts: [`${name}.${namespace}.svc.${domain}`, `${name}.${namespace}.svc`, `${name}.${namespace}`, ...(placement.namespace === namespace ? [name] : [])],
    ports: (service.spec?.ports ?? []).map((p: Manifest) => p.port),
    tls: effective.tls('upstream'),
    clientCertificates: isSet(effective.value('upstream.tls.client_cas')),
    auth: effective.auth('upstream') || (Array.isArray(tenants) && tenants.length > 0),
    tenants: Array.isArray(tenants) ? tenants.map((t) => (isPlainObject(t) ? t.id : undefined)) : [],
    verificationKeys: ((container?.env ?? []) as Manifest[]).filter((e) => e.valueFrom?.secretKeyRef !== undefined),
    bindPort: effective.port('upstream') ?? PIKO_DEFAULT_PORTS.upstream,
  };
}

function checkUrl(context: AgentCheckContext, upstream: UpstreamView): Problem[] {
  const value = valueAt(context.expanded, 'connect.url');
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    return []; // the agent's own rules report a URL that does not parse
  }
  const problems: Problem[] = [];
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  if (!upstream.hosts.includes(url.hostname) || !upstream.ports.includes(port) || (url.pathname !== '/' && url.pathname !== '')) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.url'),
      rule: `must name the cluster's upstream Service "${upstream.hosts[0]}" on one of its ports (${upstream.ports.join(', ')}), without a path`,
      found: value,
      fix: 'use connectTo: PikoAgentTarget.cluster(cluster), which names the upstream Service',
    });
  }
  if (secure !== upstream.tls) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.url'),
      rule: `must use ${upstream.tls ? 'https' : 'http'}: the cluster's upstream port serves ${upstream.tls ? 'TLS' : 'plain HTTP'}`,
      found: value,
      fix: 'use connectTo: PikoAgentTarget.cluster(cluster), which follows the cluster\'s upstream TLS',
    });
  }
  return problems;
}

function checkToken(context: AgentCheckContext, upstream: UpstreamView): Problem[] {
  const token = valueAt(context.expanded, 'connect.token');
  if (upstream.auth && !isSet(token)) {
    return [{
      setting: agentConfigSetting(context, 'connect.token'),
      rule: 'must be set: the cluster\'s upstream port verifies a JWT (upstream auth or tenants), and refuses the agent with 401 without one',
      found: token,
      fix: 'set the token prop, e.g. PikoAgentToken.fromSecret("piko-agent-token", "token")',
    }];
  }
  if (!upstream.auth && isSet(token)) {
    return [{
      setting: agentConfigSetting(context, 'connect.token'),
      rule: 'must not be set: the cluster\'s upstream port verifies no token',
      found: token,
      fix: 'remove the token prop, or turn on the cluster\'s upstream auth',
    }];
  }
  const source = envNamed(context.container, TOKEN_ENV)?.valueFrom?.secretKeyRef;
  const sameKey = upstream.verificationKeys.find((e) => {
    const ref = e.valueFrom.secretKeyRef;
    return ref.name === source?.name && ref.key === source?.key;
  });
  if (source !== undefined && sameKey !== undefined && context.configMap.metadata?.namespace === upstream.hosts[0].split('.')[1]) {
    return [{
      setting: agentConfigSetting(context, 'connect.token'),
      rule: `must be a JWT the cluster verifies, not its verification key: it reads the Secret key the server reads into ${sameKey.name}`,
      found: source,
      fix: 'sign a token with the key (an HS256 JWT for an HMAC key), keep it in a Secret of its own and pass that',
    }];
  }
  return [];
}

function checkTls(context: AgentCheckContext, upstream: UpstreamView): Problem[] {
  const rootCas = valueAt(context.expanded, 'connect.tls.root_cas');
  const problems: Problem[] = [];
  if (upstream.tls && !isSet(rootCas)) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.tls.root_cas'),
      rule: 'must be set: the cluster\'s upstream port serves TLS with a certificate for its in-cluster name, which no public CA signs',
      found: rootCas,
      fix: 'set serverTrust, e.g. PikoServerTrust.fromSecret("piko-ca") with the issuer\'s ca.crt in the agent\'s namespace',
    });
  }
  if (!upstream.tls && isSet(rootCas)) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.tls.root_cas'),
      rule: 'only applies when the cluster\'s upstream port serves TLS',
      found: rootCas,
      fix: 'remove serverTrust, or turn on the cluster\'s upstream TLS',
    });
  }
  const certificate = valueAt(context.expanded, 'connect.tls.cert');
  if (upstream.clientCertificates && !isSet(certificate)) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.tls.cert'),
      rule: 'must be set: the cluster\'s upstream port requires client certificates (client_cas), and the agent presents none',
      found: undefined,
      fix: 'set clientCertificate, e.g. PikoClientCertificate.fromSecret("piko-agent-tls") with a certificate the cluster\'s client CA signed',
    });
  }
  if (!upstream.clientCertificates && isSet(certificate)) {
    problems.push({
      setting: agentConfigSetting(context, 'connect.tls.cert'),
      rule: 'only applies when the cluster\'s upstream port asks for client certificates (client_cas): without them it requests none',
      found: certificate,
      fix: 'remove clientCertificate, or give the cluster\'s upstream TLS a clientCaKey',
    });
  }
  return problems;
}

function checkTenant(context: AgentCheckContext, upstream: UpstreamView): Problem[] {
  const tenant = valueAt(context.expanded, 'connect.tenant_id');
  if (upstream.tenants.length > 0 && !upstream.tenants.includes(tenant)) {
    return [{
      setting: agentConfigSetting(context, 'connect.tenant_id'),
      rule: `must name one of the cluster's upstream tenants (${upstream.tenants.join(', ')}): with tenants configured, Piko refuses the default tenant and unknown ones`,
      found: tenant,
      fix: 'set tenantId to one of them',
    }];
  }
  if (upstream.tenants.length === 0 && isSet(tenant)) {
    return [{
      setting: agentConfigSetting(context, 'connect.tenant_id'),
      rule: 'must not be set: the cluster has no upstream tenants, and Piko refuses an unknown tenant (without upstream auth it ignores it)',
      found: tenant,
      fix: 'remove tenantId, or add the tenant to the cluster\'s upstream.tenants',
    }];
  }
  return [];
}
