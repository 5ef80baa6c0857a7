/** Name, namespace and labels of a namespaced object of a server. */
export interface ObjectMetadataSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
}

/** An object of a server that selects its pods: a Service, a PodDisruptionBudget, a NetworkPolicy. */
export interface PodSelectingSpec extends ObjectMetadataSpec {
  readonly selectorLabels: { [key: string]: string };
}
