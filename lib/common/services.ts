import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { manifestObject } from './manifest-object';
import { PodSelectingSpec } from './object-metadata';
import { RenderedExposure } from './service-exposure';

/** A port a Service exposes, targeting a named container port. */
export interface ServicePortSpec {
  readonly name: string;
  readonly port: number;
  /** Name of the container port; named so a container port number change follows automatically. */
  readonly targetPort: string;
  readonly protocol: 'TCP' | 'UDP';
}

export interface ServiceSpec extends PodSelectingSpec {
  readonly ports: ServicePortSpec[];
}

/**
 * The headless Service peers discover each other through. It publishes not-ready pods: members
 * must find each other before they can become ready, or the first start deadlocks.
 */
export function buildHeadlessService(scope: Construct, id: string, spec: ServiceSpec): ApiObject {
  return manifestObject(scope, id, k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      clusterIp: 'None',
      publishNotReadyAddresses: true,
      selector: spec.selectorLabels,
      ports: spec.ports.map(renderPort),
    },
  });
}

/** A client-facing Service: ClusterIP unless exposed as NodePort or LoadBalancer. */
export function buildClientService(scope: Construct, id: string, spec: ServiceSpec, exposure: RenderedExposure = { type: 'ClusterIP' }): ApiObject {
  return manifestObject(scope, id, k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels, annotations: exposure.annotations },
    spec: {
      type: exposure.type,
      selector: spec.selectorLabels,
      ports: spec.ports.map((port) => ({ ...renderPort(port), nodePort: exposure.nodePort })),
      loadBalancerSourceRanges: exposure.loadBalancerSourceRanges,
    },
  });
}

function renderPort(port: ServicePortSpec): k8s.ServicePort {
  return {
    name: port.name,
    port: port.port,
    targetPort: k8s.IntOrString.fromString(port.targetPort),
    protocol: port.protocol,
  };
}
