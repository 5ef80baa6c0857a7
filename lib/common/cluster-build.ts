import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { addClusterSynthChecks, FinalObjects } from './cluster-checks';
import { RenderedConfig } from './config-document';
import { buildDisruptionBudget, budgetOrServerDefault, DisruptionBudgetCounts } from './disruption-budget';
import { containerNamed } from './manifest-view';
import { buildNetworkPolicy, IngressRuleSpec, NetworkPeer } from './network-policy';
import { ObjectMetadataSpec } from './object-metadata';
import { apiObjectsOf } from './object-versions';
import { CheckResult } from './problems';
import { ServerCheckContext } from './server-check-context';
import { buildServerScaffold, objectMetadata, ServerScaffold } from './server-scaffold';
import { RenderedExposure } from './service-exposure';
import { buildClientService, buildHeadlessService, ServicePortSpec } from './services';
import { buildStatefulSet, StatefulWorkloadSpec } from './stateful-workload';
import { WorkloadSettings } from './workload-settings';

/** The settings of a clustered server that its common objects read, beyond the workload ones. */
export interface ClusterSettings extends WorkloadSettings {
  readonly selectorLabels: { [key: string]: string };
  /** The headless Service, which governs the pods' DNS names. */
  readonly headlessServiceName: string;
  readonly terminationGracePeriod: Duration;
}

/** What tells one server's cluster apart in the objects every cluster has. */
export interface ClusterIdentity {
  /** The construct's class name, for messages. */
  readonly kind: string;
  /** The `app.kubernetes.io/instance` and `component` labels. */
  readonly instance: string;
  readonly component: string;
  /** The config file's key in the ConfigMap, and the file. */
  readonly configFileKey: string;
  readonly config: RenderedConfig;
  /** The server's container in the pods. */
  readonly serverContainer: string;
}

/** The server's own containers, volumes and claims; the build adds the rest of the StatefulSet. */
export type ServerPodSpec = Pick<StatefulWorkloadSpec, 'container' | 'volumes' | 'volumeClaimTemplates' | 'claimRetention' | 'autoscaled'>;

/**
 * Builds the objects PikaCluster and PikoCluster both have, in the order the constructor calls
 * it and under the child ids that are part of the API, and remembers them for the synth checks;
 * each construct adds only what its server needs between the calls.
 */
export class ClusterBuild {
  public readonly scaffold: ServerScaffold;
  private readonly services: ApiObject[] = [];
  private readonly exposedServices: ApiObject[] = [];
  private headlessServiceObject?: ApiObject;
  private statefulSetObject?: ApiObject;
  private disruptionBudgetObject?: ApiObject;

  /** Makes the Namespace, ServiceAccount and ConfigMap. */
  constructor(private readonly scope: Construct, private readonly settings: ClusterSettings, private readonly identity: ClusterIdentity) {
    this.scaffold = buildServerScaffold(scope, settings, {
      selectorLabels: settings.selectorLabels,
      instance: identity.instance,
      component: identity.component,
      configFileKey: identity.configFileKey,
      configText: identity.config.text,
    });
  }

  /** Metadata of one more namespaced object of the server. */
  public metadata(name: string): ObjectMetadataSpec {
    return objectMetadata(this.settings, this.scaffold, name);
  }

  public headlessService(ports: ServicePortSpec[]): ApiObject {
    const service = buildHeadlessService(this.scope, 'HeadlessService', {
      ...this.metadata(this.settings.headlessServiceName),
      selectorLabels: this.settings.selectorLabels,
      ports,
    });
    this.headlessServiceObject = service;
    this.services.push(service);
    return service;
  }

  public clientService(id: string, name: string, ports: ServicePortSpec[], exposure: RenderedExposure): ApiObject {
    const service = buildClientService(this.scope, id, { ...this.metadata(name), selectorLabels: this.settings.selectorLabels, ports }, exposure);
    this.services.push(service);
    if (exposure.type !== 'ClusterIP') {
      this.exposedServices.push(service);
    }
    return service;
  }

  /** The StatefulSet, which also becomes the construct's default child. */
  public statefulSet(pod: ServerPodSpec): ApiObject {
    this.statefulSetObject = buildStatefulSet(this.scope, 'StatefulSet', this.settings, {
      ...pod,
      labels: this.scaffold.labels,
      selectorLabels: this.settings.selectorLabels,
      serviceName: this.settings.headlessServiceName,
      terminationGracePeriodSeconds: this.settings.terminationGracePeriod.toSeconds(),
      configMap: this.scaffold.configMap,
    });
    this.scope.node.defaultChild = this.statefulSetObject;
    return this.statefulSetObject;
  }

  /** The PodDisruptionBudget the props chose, `serverDefault` unless they set a count; none with `DisruptionBudget.none()`. */
  public disruptionBudget(serverDefault: DisruptionBudgetCounts): ApiObject | undefined {
    const budget = this.settings.disruptionBudget;
    if (!budget.none) {
      this.disruptionBudgetObject = buildDisruptionBudget(this.scope, 'DisruptionBudget', {
        ...this.metadata(this.settings.name),
        selectorLabels: this.settings.selectorLabels,
        ...budgetOrServerDefault(budget, serverDefault),
      });
    }
    return this.disruptionBudgetObject;
  }

  /** The NetworkPolicy of the server's pods, with the rules built from a peer for the pods themselves. */
  public networkPolicy(ingress: (ownPods: NetworkPeer) => IngressRuleSpec[]): ApiObject {
    return buildNetworkPolicy(this.scope, 'NetworkPolicy', {
      ...this.metadata(this.settings.name),
      selectorLabels: this.settings.selectorLabels,
      ingress: ingress(NetworkPeer.podsWithLabels(this.settings.selectorLabels)),
    });
  }

  /**
   * Registers the synth checks over every object made so far (call it last): the common ones,
   * and `check`, the server's invariants, given the final forms of the common objects.
   */
  public addSynthChecks(check: (core: ServerCheckContext, final: FinalObjects) => CheckResult): void {
    const { statefulSetObject: statefulSet, headlessServiceObject: headlessService } = this;
    if (statefulSet === undefined || headlessService === undefined) {
      throw new Error('ClusterBuild: headlessService() and statefulSet() come before addSynthChecks()');
    }
    const { configMap } = this.scaffold;
    addClusterSynthChecks(this.scope, this.identity.kind, {
      namespace: this.settings.namespace,
      objects: apiObjectsOf(this.scope),
      statefulSet,
      services: this.services,
      exposedServices: this.exposedServices,
      disruptionBudget: this.disruptionBudgetObject,
    }, {
      serverContainer: this.identity.serverContainer,
      readOnlyRootFilesystem: this.settings.podSecurity.readOnlyRootFilesystem,
    }, (final) => {
      const finalStatefulSet = final.of(statefulSet);
      const finalConfigMap = final.of(configMap);
      return check({
        statefulSet: finalStatefulSet,
        configMap: finalConfigMap,
        headlessService: final.of(headlessService),
        disruptionBudget: final.of(this.disruptionBudgetObject),
        container: containerNamed(finalStatefulSet, this.identity.serverContainer),
        config: this.identity.config.read(finalConfigMap.data?.[this.identity.configFileKey]),
        clusterDomain: this.settings.clusterDomain,
      }, final);
    });
  }
}
