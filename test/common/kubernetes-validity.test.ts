import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { PikaCluster, PikoAgent, PikoAgentTarget, PikoCluster, ServiceExposure } from '../../lib';
import { parseQuantity } from '../../lib/common/quantity';
import { pikaSynthError, pikoPropsError, pikoSynthError, synthError, synthPika, synthPiko } from '../support/synth';

// The Kubernetes API server's own rules, broken by JSON patches on the final objects (with
// cdk8s's property names and value types, which its converters keep). They live in lib/common,
// so each is shown on the construct where it reads best and a few on both.

const CONTAINER = '/spec/template/spec/containers/0';

const patchPika = (...patches: JsonPatch[]) => (pika: PikaCluster) => ApiObject.of(pika).addJsonPatch(...patches);
const patchPiko = (...patches: JsonPatch[]) => (piko: PikoCluster) => ApiObject.of(piko).addJsonPatch(...patches);

describe('the StatefulSet and its containers', () => {
  test.each([
    ['PikaCluster', 'pika', () => pikaSynthError({}, patchPika(JsonPatch.replace('/spec/selector/matchLabels', { app: 'other' })))],
    ['PikoCluster', 'piko', () => pikoSynthError({}, patchPiko(JsonPatch.replace('/spec/selector/matchLabels', { app: 'other' })))],
  ])('%s: the selector must select the pod template', (kind, name, synth) => {
    expect(synth()).toContain(`[test/${name}] ${kind} StatefulSet "${name}" spec.selector.matchLabels must select the pod template's labels (`);
    expect(synth()).toContain('): Kubernetes refuses a StatefulSet whose selector misses its own pods (found {"app":"other"}). Fix: remove the patch that changes the selector or the pod labels; the selector cannot change after the first apply');
  });

  test('container port numbers must be ports', () => {
    expect(pikaSynthError({}, patchPika(JsonPatch.add(`${CONTAINER}/ports/-`, { containerPort: 70000, name: 'extra' }))))
      .toContain('StatefulSet "pika" container "pika" port "extra" containerPort must be a whole number from 1 to 65535 (found 70000). Fix: remove the patch that sets it');
  });

  test('container port names must be IANA service names, unique within the container', () => {
    const message = pikoSynthError({}, patchPiko(
      JsonPatch.add(`${CONTAINER}/ports/-`, { containerPort: 9000, name: 'Metrics_Port' }),
      JsonPatch.add(`${CONTAINER}/ports/-`, { containerPort: 9001, name: 'admin' })));
    expect(message).toContain('StatefulSet "piko" container "piko" port "Metrics_Port" name must be an IANA service name: at most 15 characters, lowercase letters, digits and single \'-\', with at least one letter (found "Metrics_Port")');
    expect(message).toContain('StatefulSet "piko" container "piko" port "admin" name must be unique within the container: Kubernetes refuses two ports of one name, and a Service or probe naming it would be ambiguous (found "admin")');
  });

  test('every volumeMount names a volume or a claim template', () => {
    expect(pikaSynthError({}, patchPika(JsonPatch.add(`${CONTAINER}/volumeMounts/-`, { name: 'cache', mountPath: '/cache' }))))
      .toContain('StatefulSet "pika" container "pika" volumeMount "cache" must name a volume of the pod or a volumeClaimTemplate (config, tmp, data): Kubernetes refuses a mount of nothing (found "cache"). Fix: add the volume in the same patch, or remove the mount');
    expect(() => synthPika({}, patchPika(
      JsonPatch.add('/spec/template/spec/volumes/-', { name: 'cache', emptyDir: {} }),
      JsonPatch.add(`${CONTAINER}/volumeMounts/-`, { name: 'cache', mountPath: '/cache' })))).not.toThrow();
  });

  test('a mount or port whose name a patch made a number is quoted as found, never "undefined"', () => {
    const message = pikaSynthError({}, patchPika(
      JsonPatch.add(`${CONTAINER}/volumeMounts/-`, { name: 7, mountPath: '/cache' }),
      JsonPatch.replace(`${CONTAINER}/ports/0/name`, 8)));
    expect(message).toContain('StatefulSet "pika" container "pika" volumeMount 7 must name a volume of the pod or a volumeClaimTemplate (config, tmp, data): Kubernetes refuses a mount of nothing (found 7)');
    expect(message).toContain('StatefulSet "pika" spec.template.spec.containers[0].ports[0].name must stay a string');
    expect(message).not.toMatch(/undefined|\[object Object\]|port 8 name/);
  });

  test('a headless Service patched without a name is one problem, not a serviceName rule quoting nothing', () => {
    const message = pikaSynthError({}, (pika) => pika.headlessService.addJsonPatch(JsonPatch.remove('/metadata/name')));
    expect(message).toContain('Service <no name> metadata.name must be a string (found nothing)');
    expect(message).not.toContain('spec.serviceName must name the headless Service');
  });

  test('resource amounts must be quantities', () => {
    const message = pikoSynthError({}, patchPiko(
      JsonPatch.replace(`${CONTAINER}/resources/limits/memory`, '2 GB'),
      JsonPatch.replace(`${CONTAINER}/resources/requests/cpu`, '-1')));
    expect(message).toContain('StatefulSet "piko" container "piko" resources.limits.memory must be a non-negative Kubernetes quantity such as "500m", "2" or "1Gi" (found "2 GB"). Fix: set it with the resources prop, or patch a valid amount such as "512Mi"');
    expect(message).toContain('StatefulSet "piko" container "piko" resources.requests.cpu must be a non-negative Kubernetes quantity');
  });

  test('requests must not exceed limits, from the props as from a patch', () => {
    const resources = { cpu: { request: Cpu.units(2), limit: Cpu.millis(1500) }, memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) } };
    expect(pikaSynthError({ resources }))
      .toContain('StatefulSet "pika" container "pika" resources.requests.cpu must not exceed resources.limits.cpu ("1500m"): Kubernetes refuses a request above its limit (found "2"). Fix: lower the request or raise the limit with the resources prop, and remove any patch of either');
    expect(pikoSynthError({}, patchPiko(JsonPatch.replace(`${CONTAINER}/resources/requests/memory`, '1.5Gi'))))
      .toContain('resources.requests.memory must not exceed resources.limits.memory');
  });

  test('quantities parse as Kubernetes parses them', () => {
    expect(['1Gi', '500m', '2', '1.5', '.5', '1e3', '128974848', '1k'].map(parseQuantity)).toEqual([2 ** 30, 0.5, 2, 1.5, 0.5, 1000, 128974848, 1000]);
    expect(['', '1 Gi', '1gi', 'Gi', '1..5', '0x10', null, {}].map(parseQuantity)).toEqual(Array(8).fill(undefined));
  });

  test.each([
    ['PikaCluster', 'pika', 'PIKA_CLUSTER_SECURITY_KEY', () => pikaSynthError({}, patchPika(JsonPatch.add(`${CONTAINER}/env/-`, { name: 'PIKA_CLUSTER_SECURITY_KEY', value: 'inline' }))),
      'StatefulSet "pika" env PIKA_CLUSTER_SECURITY_KEY must come from a Secret through valueFrom.secretKeyRef'],
    ['PikoCluster', 'piko', 'POD_NAME', () => pikoSynthError({}, patchPiko(JsonPatch.add(`${CONTAINER}/env/-`, { name: 'POD_NAME', value: 'piko' }))),
      'StatefulSet "piko" env POD_NAME must come from the downward API (fieldRef metadata.name) (found "piko")'],
  ])('%s: a duplicated env var is reported, and the checks read its last definition, as Kubernetes does', (kind, name, variable, synth, lastRead) => {
    const message = synth();
    expect(message).toContain(`[test/${name}] ${kind} StatefulSet "${name}" container "${name}" env ${variable} must be defined once: Kubernetes uses the last definition and silently ignores the others (found "2 definitions"). Fix: remove the patch or env entry that defines it again`);
    expect(message).toContain(lastRead);
  });
});

describe('scheduling written by a patch', () => {
  test('a toleration is held to the API server\'s rules, as the scheduling prop is', () => {
    const message = pikaSynthError({}, patchPika(JsonPatch.add('/spec/template/spec/tolerations', [
      { key: 'dedicated', operator: 'exists', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists', effect: 'NoExcute' },
    ])));
    expect(message).toContain('[test/pika] PikaCluster StatefulSet "pika" spec.template.spec.tolerations[0].operator must be "Exists" or "Equal" (or unset, which is Equal) (found "exists"). Fix: write the operator with a capital letter, e.g. "Exists"');
    expect(message).toContain('[test/pika] PikaCluster StatefulSet "pika" spec.template.spec.tolerations[1].effect must be "NoSchedule", "PreferNoSchedule" or "NoExecute" (or unset for all three) (found "NoExcute")');
  });

  test('an affinity term is held to the API server\'s rules, beside the construct\'s own spread', () => {
    const message = pikoSynthError({}, patchPiko(JsonPatch.add('/spec/template/spec/affinity/podAffinity', {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: '' } }],
    })));
    expect(message).toContain('[test/piko] PikoCluster StatefulSet "piko" spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight must be a whole number from 1 to 100 (found 0)');
    expect(message).toContain('StatefulSet "piko" spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey must be set: a pod (anti-)affinity term applies within a topology domain (found "")');
  });

  test('PikoAgent\'s Deployment too', () => {
    const message = synthError((chart) => new PikoAgent(chart, 'agent', {
      connectTo: PikoAgentTarget.url('https://piko.example.com'), listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(30) }],
    }).deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/tolerations', [{ operator: 'Equal', value: 'x' }])));
    expect(message).toContain('[test/agent] PikoAgent Deployment "piko-agent" spec.template.spec.tolerations[0].operator must be "Exists" when the key is empty: only Exists can tolerate every taint (found "Equal")');
  });

  test('valid tolerations and affinity from a patch pass, and so do the props\' own', () => {
    expect(() => synthPika({ scheduling: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] } },
      patchPika(JsonPatch.add('/spec/template/spec/tolerations/-', { key: 'spot', operator: 'Equal', value: 'true', effect: 'NoExecute', tolerationSeconds: 60 })))).not.toThrow();
  });
});

describe('Services', () => {
  test('a numbered targetPort must be a declared container port', () => {
    expect(pikaSynthError({}, (pika) => pika.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 9999))))
      .toContain('Service "pika" port "http" targetPort must reach a TCP port of the container (found 9999)');
    expect(() => synthPika({}, (pika) => pika.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 8080)))).not.toThrow();
  });

  test('a targetPort may name a port of another container of the pod', () => {
    expect(() => synthPiko({}, (piko) => {
      ApiObject.of(piko).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/-', {
        name: 'exporter',
        image: 'example.com/exporter:v1',
        ports: [{ name: 'metrics', containerPort: 9100 }],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      }));
      piko.headlessService.addJsonPatch(JsonPatch.add('/spec/ports/-', { name: 'metrics', port: 9100, targetPort: 'metrics' }));
    })).not.toThrow();
  });

  test('Service port numbers and names follow the API server\'s rules', () => {
    const message = pikoSynthError({}, (piko) => piko.proxyService.addJsonPatch(
      JsonPatch.add('/spec/ports/-', { name: 'proxy', port: 70000, targetPort: 'proxy' }),
      JsonPatch.add('/spec/ports/-', { port: 8000, targetPort: 'proxy' }),
      JsonPatch.add('/spec/ports/-', { name: '-tls-', port: 8443, targetPort: 'proxy' })));
    expect(message).toContain('Service "piko-proxy" port "proxy" port must be a whole number from 1 to 65535 (found 70000). Fix: remove the patch that sets it');
    expect(message).toContain('Service "piko-proxy" port "proxy" name must be unique within the Service (found "proxy")');
    expect(message).toContain('Service "piko-proxy" port 2 name must be set: Kubernetes requires a name on every port of a Service with several (found nothing)');
    expect(message).toContain('Service "piko-proxy" port 2 port must not repeat another port of the Service with the same protocol (found "8000/TCP")');
    expect(message).toContain('Service "piko-proxy" port "-tls-" name must be an IANA service name');
  });

  test('a targetPort name must be an IANA service name', () => {
    expect(pikaSynthError({}, (pika) => pika.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 'http_port'))))
      .toContain('Service "pika" port "http" targetPort must be an IANA service name');
  });

  test('every object stays in the cluster\'s namespace', () => {
    expect(pikoSynthError({}, (piko) => piko.proxyService.addJsonPatch(JsonPatch.replace('/metadata/namespace', 'edge'))))
      .toContain('[test/piko] PikoCluster Service "piko-proxy" metadata.namespace must be the cluster\'s namespace "piko": the cluster\'s objects find each other by name within one namespace (found "edge"). Fix: set the namespace through the construct\'s namespace prop only, and remove the patch that moves the object');
    expect(pikaSynthError({}, (pika) => pika.configMap.addJsonPatch(JsonPatch.remove('/metadata/namespace'))))
      .toContain('ConfigMap "pika" metadata.namespace must be the cluster\'s namespace "pika"');
  });
});

describe('node ports', () => {
  test('a node port prop outside the node-port range is refused at once', () => {
    expect(pikoPropsError({ proxy: { service: ServiceExposure.nodePort({ nodePort: 8080 }) } }))
      .toContain('proxy.service.nodePort must be from 30000 to 32767, Kubernetes\' default node-port range (found 8080). Fix: choose a port in that range, or leave nodePort unset for Kubernetes to assign one');
  });

  test('a patched node port outside the range fails the synth', () => {
    expect(pikaSynthError({}, (pika) => pika.service.addJsonPatch(JsonPatch.add('/spec/ports/0/nodePort', 12))))
      .toContain('Service "pika" port "http" nodePort must be from 30000 to 32767, Kubernetes\' default node-port range (found 12)');
  });

  test('two clusters of the app must not share a node port', () => {
    const message = synthError((chart) => {
      new PikaCluster(chart, 'pika', { server: { service: ServiceExposure.nodePort({ nodePort: 30080 }) } });
      new PikoCluster(chart, 'piko', { upstream: { service: ServiceExposure.nodePort({ nodePort: 30080 }) } });
    });
    expect(message).toContain('[test/piko] PikoCluster Service "piko-upstream" port "upstream" nodePort must not be shared: Service "pika" port "http" of [test/pika] uses it too, and Kubernetes allocates a node port once (found 30080). Fix: give each Service port its own node port, or leave nodePort unset for Kubernetes to assign one');
    expect(message).not.toContain('[test/pika] PikaCluster Service "pika" port "http" nodePort');
  });

  test('within one Service, a node port may serve TCP and UDP but not two TCP ports', () => {
    const withSecondPort = (protocol: string) => (pika: PikaCluster) => pika.service.addJsonPatch(
      JsonPatch.add('/spec/ports/0/nodePort', 30080),
      JsonPatch.add('/spec/ports/-', { name: 'peer', port: 5000, protocol, targetPort: protocol === 'UDP' ? 5000 : 8080, nodePort: 30080 }));
    expect(pikaSynthError({ server: { service: ServiceExposure.nodePort() } }, withSecondPort('TCP')))
      .toContain('Service "pika" port "peer" nodePort must not be shared: Service "pika" port "http" uses it too');
    expect(() => synthPika({ server: { service: ServiceExposure.nodePort() } }, withSecondPort('UDP'))).not.toThrow();
  });
});

describe('the PodDisruptionBudget', () => {
  test.each([
    ['PikaCluster', 'pika', () => pikaSynthError({}, (pika) => pika.podDisruptionBudget!.addJsonPatch(JsonPatch.add('/spec/maxUnavailable', 1))), '{"minAvailable":2,"maxUnavailable":1}'],
    ['PikoCluster', 'piko', () => pikoSynthError({}, (piko) => piko.podDisruptionBudget!.addJsonPatch(JsonPatch.add('/spec/minAvailable', 2))), '{"minAvailable":2,"maxUnavailable":1}'],
  ])('%s: may not set both minAvailable and maxUnavailable', (kind, name, synth, found) => {
    expect(synth()).toContain(`[test/${name}] ${kind} PodDisruptionBudget "${name}" spec must set only one of minAvailable and maxUnavailable: Kubernetes refuses a budget with both (found ${found}). Fix: remove the patch that adds the second field`);
  });
});

describe('patches of the wrong shape (found by the property tests)', () => {
  test('an object cdk8s cannot render is a named problem, not a TypeError', () => {
    const message = pikaSynthError({}, (pika) => pika.serviceAccount.addJsonPatch(JsonPatch.add('/spec/template/x', 1)));
    expect(message).toContain('[test/pika] PikaCluster ServiceAccount "pika" must still render after its JSON patches: cdk8s cannot patch a path the manifest lacks, and a custom resource\'s generated class cannot render a field patched to another shape (found "Cannot read properties of undefined (reading \'template\')"). Fix: fix the patch: every key before the last must exist in the manifest (add the parent object first), and each field keeps its shape (a list stays a list, an object an object, never null)');
    expect(message).not.toMatch(/TypeError/);
  });

  test('metadata patched away is named, not a crash', () => {
    expect(pikaSynthError({}, (pika) => pika.serviceAccount.addJsonPatch(JsonPatch.replace('/metadata', null))))
      .toContain('ServiceAccount <no name> metadata.namespace must be the cluster\'s namespace "pika"');
  });

  test('Piko\'s args must stay strings', () => {
    expect(pikoSynthError({}, patchPiko(JsonPatch.add(`${CONTAINER}/args/-`, false))))
      .toContain('StatefulSet "piko" args must be a list of strings: Kubernetes refuses any other value (found ["server","--config.path","/config/server.yaml","--config.expand-env",false]). Fix: remove the patch that adds the value');
  });

  test('a mountPath patched to a non-string is a problem of the paths under it, not a crash', () => {
    expect(pikaSynthError({}, patchPika(JsonPatch.replace(`${CONTAINER}/volumeMounts/1/mountPath`, {}))))
      .toContain('ConfigMap "pika" pika.yaml storage.bw.path must lie under the mount of a volumeClaimTemplate');
  });
});
