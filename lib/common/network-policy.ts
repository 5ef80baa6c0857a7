import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { guardFactories } from './factory-arguments';
import { checkIpBlock } from './ip-address';
import { checkDnsLabel, checkLabels } from './kubernetes-formats';
import { manifestObject } from './manifest-object';
import { describeObject, Manifest } from './manifest-view';
import { PodSelectingSpec } from './object-metadata';
import { Problem } from './problems';

/**
 * A source of traffic a NetworkPolicy admits: pods, namespaces or an IP range.
 */
export class NetworkPeer {
  /**
   * Pods with these labels in the server's own namespace.
   * @param labels labels the pods carry, all of them
   */
  public static podsWithLabels(labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer({ podSelector: { matchLabels: { ...labels } } });
  }

  /**
   * Every pod in the namespace of this name (by its `kubernetes.io/metadata.name` label).
   * @param name name of the namespace
   */
  public static namespaceNamed(name: string): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  }

  /**
   * Pods with these labels in the namespace of this name.
   * @param namespaceName name of the namespace
   * @param labels labels the pods carry, all of them
   */
  public static podsInNamespace(namespaceName: string, labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaceName } },
      podSelector: { matchLabels: { ...labels } },
    });
  }

  /**
   * Every pod in namespaces with these labels.
   * @param labels labels the namespaces carry, all of them
   */
  public static namespacesWithLabels(labels: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { ...labels } } });
  }

  /**
   * Addresses in a CIDR range, e.g. a load balancer's subnet.
   * @param cidr the range, e.g. `10.0.0.0/16`
   * @param exceptCidrs ranges inside `cidr` to leave out
   */
  public static ipBlock(cidr: string, exceptCidrs?: string[]): NetworkPeer {
    return new NetworkPeer({ ipBlock: { cidr, except: exceptCidrs } });
  }

  private constructor(private readonly peer: k8s.NetworkPolicyPeer) {}

  /** @internal */
  public _toKube(): k8s.NetworkPolicyPeer {
    return this.peer;
  }
}
guardFactories(NetworkPeer, {
  podsWithLabels: (labels) => checkLabels('labels', labels),
  namespaceNamed: (name) => optional(checkDnsLabel('name', name)),
  podsInNamespace: (namespaceName, labels) => [...optional(checkDnsLabel('namespaceName', namespaceName)), ...checkLabels('labels', labels)],
  namespacesWithLabels: (labels) => checkLabels('labels', labels),
  ipBlock: (cidr, exceptCidrs) => checkIpBlock(cidr, exceptCidrs),
});

function optional(problem: Problem | undefined): Problem[] {
  return problem === undefined ? [] : [problem];
}

/** One ingress rule: these ports, from these peers (all sources when `from` is undefined). */
export interface IngressRuleSpec {
  readonly ports: ReadonlyArray<{ readonly port: number; readonly protocol: 'TCP' | 'UDP' }>;
  readonly from?: NetworkPeer[];
}

export interface NetworkPolicySpec extends PodSelectingSpec {
  readonly ingress: IngressRuleSpec[];
}

/**
 * An ingress-only NetworkPolicy for the server's pods: whatever no rule admits is dropped.
 * Egress stays open (DNS, telemetry, external config sources).
 */
export function buildNetworkPolicy(scope: Construct, id: string, spec: NetworkPolicySpec): ApiObject {
  return manifestObject(scope, id, k8s.KubeNetworkPolicy.GVK, k8s.toJson_KubeNetworkPolicyProps, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      podSelector: { matchLabels: spec.selectorLabels },
      policyTypes: ['Ingress'],
      ingress: spec.ingress.map((rule) => ({
        ports: rule.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol })),
        from: rule.from?.map((peer) => peer._toKube()),
      })),
    },
  });
}

/**
 * Admits `from` to `port` of a policy a cluster built, for an integration that must reach it (a
 * Gateway, Prometheus, the External Secrets controller). A JSON patch, so the rule lands after
 * the cluster's own.
 */
export function admitToPolicy(policy: ApiObject, port: number, from: NetworkPeer[]): void {
  policy.addJsonPatch(JsonPatch.add('/spec/ingress/-', k8s.toJson_NetworkPolicyIngressRule({
    ports: [{ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' }],
    from: from.map((peer) => peer._toKube()),
  })));
}

/**
 * Every peer of `from` that the final policy does not admit to TCP `port`, as problems: a rule
 * admits when it names the port (or no ports) and the peer (or no sources).
 */
export function checkPolicyAdmits(
  policy: Manifest, port: number, from: NetworkPeer[], who: string, fix = 'remove the patch that drops or narrows the rule the integration added',
): Problem[] {
  const rules: Manifest[] = Array.isArray(policy.spec?.ingress) ? policy.spec.ingress : [];
  const coversPort = (rule: Manifest) => !Array.isArray(rule.ports) || rule.ports.length === 0
    || rule.ports.some((p: Manifest) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
  const coversPeer = (rule: Manifest, peer: k8s.NetworkPolicyPeer) => !Array.isArray(rule.from) || rule.from.length === 0
    || rule.from.some((source: unknown) => canonicalJson(source) === canonicalJson(peer));
  return from
    .map((peer) => peer._toKube())
    .filter((peer) => !rules.some((rule) => coversPort(rule) && coversPeer(rule, peer)))
    .map((peer) => ({
      setting: `${describeObject(policy)} spec.ingress`,
      rule: `must admit ${who} to TCP port ${port}`,
      found: peer,
      fix,
    }));
}

/** JSON with object keys sorted and undefined fields dropped, so equal peers compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) => (typeof item === 'object' && item !== null && !Array.isArray(item)
    ? Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
    : item));
}

/**
 * For an integration whose clients must reach a cluster: with the cluster's NetworkPolicy (which
 * drops what it does not admit), `from` is admitted to `port`, and is required. Returns the props
 * problem when it is missing.
 */
export function admitIntegration(
  policy: ApiObject | undefined, port: number, from: NetworkPeer[] | undefined, who: string, example: string,
): Problem[] {
  if (policy === undefined) {
    return [];
  }
  if (from === undefined || from.length === 0) {
    return [{
      setting: 'allowFrom',
      rule: `must name where ${who} runs: the cluster's NetworkPolicy drops all traffic it does not admit, and would block it from port ${port}`,
      found: from,
      fix: `e.g. allowFrom: [${example}]`,
    }];
  }
  admitToPolicy(policy, port, from);
  return [];
}
