import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { PikaCluster, PikoAgent, PikoAgentTarget, PikoCluster } from '../../lib';
import { captureWarnings, pikaSynthError, pikoSynthError, synthError } from '../support/synth';

// Found by the validation campaign (scripts/validation-campaign.ts): patches that give a field
// the library wrote a value Kubernetes refuses, which synth let through.

const CONTAINER = '/spec/template/spec/containers/0';
const patchPika = (...patches: JsonPatch[]) => (pika: PikaCluster) => ApiObject.of(pika).addJsonPatch(...patches);
const patchPiko = (...patches: JsonPatch[]) => (piko: PikoCluster) => ApiObject.of(piko).addJsonPatch(...patches);
const agentProps = { connectTo: PikoAgentTarget.url('https://piko.example.com'), listeners: [{ endpointId: 'web', host: 'web.apps.svc', port: 8080, timeout: Duration.seconds(30) }] };

function agentError(change: (agent: PikoAgent) => void): string {
  return synthError((chart) => change(new PikoAgent(chart, 'agent', agentProps)));
}

describe('a field keeps the JSON type it was written with', () => {
  test.each([
    ['a string for fsGroup', JsonPatch.replace('/spec/template/spec/securityContext/fsGroup', '1000'),
      'StatefulSet "pika" spec.template.spec.securityContext.fsGroup must stay a number, as the library wrote it: the API server refuses a value of another type there (found "1000"). Fix: fix the patch\'s value; a number or boolean is written without quotes'],
    ['a number for enableServiceLinks', JsonPatch.replace('/spec/template/spec/enableServiceLinks', 0),
      'StatefulSet "pika" spec.template.spec.enableServiceLinks must stay a boolean, as the library wrote it: the API server refuses a value of another type there (found 0)'],
    ['a string among the mounts', JsonPatch.add(`${CONTAINER}/volumeMounts/-`, '/data'),
      'StatefulSet "pika" spec.template.spec.containers[0].volumeMounts[3] must be an object like the list\'s other items: the API server refuses an item of another type (found "/data")'],
    ['a mount without its path', JsonPatch.add(`${CONTAINER}/volumeMounts/-`, { name: 'data' }),
      'StatefulSet "pika" spec.template.spec.containers[0].volumeMounts[3] must have the fields Kubernetes requires of an item of this list (found {"missing":["mountPath"]})'],
    ['a lower-case enum value', JsonPatch.replace('/spec/podManagementPolicy', 'parallel'),
      'StatefulSet "pika" spec.podManagementPolicy must be one of OrderedReady, Parallel: the API server refuses any other value (found "parallel")'],
    ['a fractional integer', JsonPatch.replace('/spec/template/spec/topologySpreadConstraints/0/maxSkew', 1.5),
      'StatefulSet "pika" spec.template.spec.topologySpreadConstraints[0].maxSkew must be a whole number of at most 2147483647: Kubernetes stores it as a 32-bit integer (found 1.5)'],
    ['a seccomp profile without its type', JsonPatch.replace(`${CONTAINER}/securityContext/seccompProfile`, {}),
      'StatefulSet "pika" spec.template.spec.containers[0].securityContext.seccompProfile must have the fields Kubernetes requires of it (found {"missing":["type"]})'],
  ])('PikaCluster: %s', (_case, patch, line) => {
    expect(pikaSynthError({}, patchPika(patch))).toContain(`[test/pika] PikaCluster ${line}`);
  });

  test('a number where a port may be a name or a number is fine, as is a quantity as a number', () => {
    expect(() => Testing.synth(((chart) => {
      const pika = new PikaCluster(chart, 'pika');
      pika.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 8080));
      ApiObject.of(pika).addJsonPatch(JsonPatch.add(`${CONTAINER}/resources/requests/cpu`, 1));
      return chart;
    })(Testing.chart()))).not.toThrow();
  });

  test('a Service selector and a claim template request hold their kinds of value', () => {
    const message = pikaSynthError({}, (pika) => {
      pika.service.addJsonPatch(JsonPatch.add('/spec/selector/tier', 5));
      ApiObject.of(pika).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates/0/spec/resources/requests/a', 'lots'));
    });
    expect(message).toContain('[test/pika] PikaCluster Service "pika" spec.selector.tier must be a string: Kubernetes stores this map\'s values as strings (found 5)');
    expect(message).toContain('[test/pika] PikaCluster StatefulSet "pika" volumeClaimTemplate "data" resources.requests.a must be a non-negative Kubernetes quantity such as "500m", "2" or "1Gi" (found "lots")');
  });

  test('a fractional surge of the agent\'s rollout', () => {
    expect(agentError((agent) => agent.deployment.addJsonPatch(JsonPatch.replace('/spec/strategy/rollingUpdate/maxSurge', 0.5)))).toContain(
      '[test/agent] PikoAgent Deployment "piko-agent" spec.strategy.rollingUpdate.maxSurge must be a whole number of at most 2147483647: Kubernetes stores it as a 32-bit integer (found 0.5)');
  });

  test('a number in an env list the library wrote empty', () => {
    expect(agentError((agent) => agent.deployment.addJsonPatch(JsonPatch.add(`${CONTAINER}/env/-`, true)))).toContain(
      '[test/agent] PikoAgent Deployment "piko-agent" spec.template.spec.containers[0].env[0] must be an object like the list\'s other items');
  });
});

describe('metadata and counts', () => {
  test('labels of strings in Kubernetes\' format, a name it accepts', () => {
    const message = pikaSynthError({}, (pika) => {
      pika.serviceAccount.addJsonPatch(JsonPatch.add('/metadata/labels/team', ['a']));
      pika.service.addJsonPatch(JsonPatch.add('/metadata/labels/tier', 'not valid!'));
      pika.configMap.addJsonPatch(JsonPatch.replace('/metadata/name', 'Pika_Config'));
    });
    expect(message).toContain('[test/pika] PikaCluster ServiceAccount "pika" metadata.labels "team" must be a string: Kubernetes stores labels and annotations as strings (found ["a"])');
    expect(message).toContain('[test/pika] PikaCluster Service "pika" metadata.labels "tier" must be a label value');
    expect(message).toContain('metadata.name must be a DNS-1123 subdomain');
  });

  test('replicas beyond 32 bits', () => {
    expect(pikoSynthError({}, patchPiko(JsonPatch.replace('/spec/replicas', 2 ** 31)))).toContain(
      '[test/piko] PikoCluster StatefulSet "piko" spec.replicas must be a whole number from 0 to 2147483647: Kubernetes stores it as a 32-bit count (found 2147483648)');
  });
});

describe('PikoAgent: its objects are held to what the API server accepts, as a cluster\'s are', () => {
  test('a budget with both fields, a moved ConfigMap, a selector that misses', () => {
    const message = agentError((agent) => {
      agent.podDisruptionBudget!.addJsonPatch(JsonPatch.add('/spec/minAvailable', 1));
      agent.configMap.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      agent.deployment.addJsonPatch(JsonPatch.replace('/spec/template/metadata/labels/app.kubernetes.io~1instance', 'other'));
    });
    expect(message).toContain('[test/agent] PikoAgent PodDisruptionBudget "piko-agent" spec must set only one of minAvailable and maxUnavailable');
    expect(message).toContain('[test/agent] PikoAgent ConfigMap "piko-agent" metadata.namespace must be the cluster\'s namespace');
    expect(message).toContain('[test/agent] PikoAgent Deployment "piko-agent" spec.selector.matchLabels must select the pod template\'s labels');
  });

  test('a patch that weakens the hardening warns', () => {
    const warnings = captureWarnings(() => Testing.synth(((chart) => {
      new PikoAgent(chart, 'agent', agentProps).deployment.addJsonPatch(JsonPatch.replace(`${CONTAINER}/image`, 'ghcr.io/andydunstall/piko:latest'));
      return chart;
    })(Testing.chart())));
    expect(warnings.join('\n')).toContain('[test/agent] warning: PikoAgent Deployment "piko-agent" container "piko-agent" image is not pinned');
  });
});
