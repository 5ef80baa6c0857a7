import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

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

/** One ingress rule: these ports, from these peers (all sources when `from` is undefined). */
export interface IngressRuleSpec {
  readonly ports: ReadonlyArray<{ readonly port: number; readonly protocol: 'TCP' | 'UDP' }>;
  readonly from?: NetworkPeer[];
}

export interface NetworkPolicySpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly selectorLabels: { [key: string]: string };
  readonly ingress: IngressRuleSpec[];
}

/**
 * An ingress-only NetworkPolicy for the server's pods: whatever no rule admits is dropped.
 * Egress stays open (DNS, telemetry, external config sources).
 */
export function buildNetworkPolicy(scope: Construct, id: string, spec: NetworkPolicySpec): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, id, {
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
