// Facts of the Kubernetes API about the fields the library writes, which the API server enforces:
// the fields that take a number or a string, the enumerated values, the integers and their width,
// the maps of strings, and the fields an object or a list item must have. patched-types.ts holds
// the final objects to them after JSON patches.

/** Keys whose value may be a number or a string (IntOrString, Quantity). */
export const INT_OR_STRING = new Set(['port', 'targetPort', 'minAvailable', 'maxUnavailable', 'maxSurge']);
/** Keys under which every value is a quantity (a number or a string). */
export const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity']);

/**
 * Fields Kubernetes requires of the items of the lists the library writes, by `<parent>.<list>`:
 * an item a patch adds or replaces without them is refused.
 */
export const REQUIRED_ITEM_FIELDS: { [list: string]: readonly string[] } = {
  'spec.containers': ['name'],
  'spec.initContainers': ['name'],
  'spec.volumes': ['name'],
  'spec.ports': ['port'],
  'spec.topologySpreadConstraints': ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  'containers.env': ['name'],
  'containers.ports': ['containerPort'],
  'containers.volumeMounts': ['name', 'mountPath'],
  'configMap.items': ['key', 'path'],
  'secret.items': ['key', 'path'],
  'http.paths': ['pathType', 'backend'],
  'podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution': ['weight', 'podAffinityTerm'],
  'podAffinity.preferredDuringSchedulingIgnoredDuringExecution': ['weight', 'podAffinityTerm'],
};

/** Fields Kubernetes requires of the objects the library writes under these keys. */
export const REQUIRED_FIELDS: { [key: string]: readonly string[] } = {
  seccompProfile: ['type'],
  fieldRef: ['fieldPath'],
  secretKeyRef: ['key'],
  configMapKeyRef: ['key'],
  podAffinityTerm: ['topologyKey'],
  httpGet: ['port'],
  tcpSocket: ['port'],
};

/** The values Kubernetes accepts for the enumerated fields the library writes, by `<parent>.<key>` or `<key>`. */
export const ENUMS: { [field: string]: readonly string[] } = {
  'podManagementPolicy': ['OrderedReady', 'Parallel'],
  'imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'protocol': ['TCP', 'UDP', 'SCTP'],
  'scheme': ['HTTP', 'HTTPS'],
  'whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'whenDeleted': ['Retain', 'Delete'],
  'whenScaled': ['Retain', 'Delete'],
  'accessModes': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  'seccompProfile.type': ['RuntimeDefault', 'Localhost', 'Unconfined'],
  'updateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'strategy.type': ['RollingUpdate', 'Recreate'],
  'spec.type': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'spec.internalTrafficPolicy': ['Cluster', 'Local'],
  'spec.externalTrafficPolicy': ['Cluster', 'Local'],
  'fsGroupChangePolicy': ['OnRootMismatch', 'Always'],
  'restartPolicy': ['Always', 'OnFailure', 'Never'],
  'dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'operator': ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Equal', 'Gt', 'Lt'],
  'policyTypes': ['Ingress', 'Egress'],
  'pathType': ['Exact', 'Prefix', 'ImplementationSpecific'],
};

/** Integer fields Kubernetes stores in 32 bits; the others it stores in 64. */
export const INT32_FIELDS = new Set([
  'replicas', 'maxSkew', 'weight', 'containerPort', 'port', 'targetPort', 'nodePort', 'minAvailable', 'maxUnavailable', 'maxSurge', 'partition',
  'periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold', 'revisionHistoryLimit', 'minReadySeconds',
  'progressDeadlineSeconds', 'defaultMode', 'mode', 'minDomains',
]);
export const INT64_FIELDS = new Set(['runAsUser', 'runAsGroup', 'fsGroup', 'terminationGracePeriodSeconds', 'tolerationSeconds', 'activeDeadlineSeconds']);

/** Maps whose every value Kubernetes stores as a string (labels and annotations: kubernetes-validity.ts). */
export const STRING_MAPS = new Set(['matchLabels', 'nodeSelector', 'data', 'stringData']);
