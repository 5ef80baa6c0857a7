import { guardFactories } from '../../common/factory-arguments';
import { PikoCluster } from '../cluster';

/** A target after binding: the URL the agent dials, and the cluster when it is in this app. */
export interface BoundTarget {
  readonly url: string;
  readonly cluster?: PikoCluster;
}

/**
 * The Piko server an agent connects to (`connect.url`): always the server's upstream port.
 * A cluster of this app is checked at synth against the agent (URL, scheme, token, CA, tenant,
 * NetworkPolicy); a URL elsewhere is taken as given.
 */
export class PikoAgentTarget {
  /**
   * The upstream Service of a PikoCluster in this app, with `https` when its upstream listener
   * serves TLS.
   * @param cluster the cluster to connect to
   */
  public static cluster(cluster: PikoCluster): PikoAgentTarget {
    return new PikoAgentTarget({ url: cluster.upstreamUrl, cluster });
  }

  /**
   * The upstream port of a Piko server outside this app (another Kubernetes cluster, say):
   * `https://upstream.piko.example.com`, or `http://…` without TLS.
   *
   * The URL may come from the agent's environment: the agent expands `${VAR}` and
   * `${VAR:default}` references when it starts, so `"${PIKO_URL}"` (with `PIKO_URL` set through
   * the agent's `env` prop, from a literal, ConfigMap or Secret), `"${PIKO_URL:https://…}"` or
   * `"https://${PIKO_HOST}:8001"` work. A URL the synth can resolve (a literal variable or a
   * default) is checked as the agent reads it; a reference to a variable the agent's container
   * does not set is refused at synth.
   * @param url the URL of the server's upstream port
   */
  public static url(url: string): PikoAgentTarget {
    return new PikoAgentTarget({ url });
  }

  private constructor(private readonly target: BoundTarget) {}

  /** @internal */
  public _bind(): BoundTarget {
    return this.target;
  }
}
guardFactories(PikoAgentTarget);
