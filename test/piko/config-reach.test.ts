import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { PikoAgent, PikoAgentTarget, PikoCluster } from '../../lib';
import { pikoSynthError, synthError, synthPiko } from '../support/synth';

// Piko reads the one file --config.path names (the last of repeated flags), as the subcommand
// "server"; the mount must put server.yaml there. The agent likewise.

const CONTAINER = '/spec/template/spec/containers/0';
const patchStatefulSet = (...patches: JsonPatch[]) => (piko: PikoCluster) => ApiObject.of(piko).addJsonPatch(...patches);

test('a repeated --config.path counts by its last value', () => {
  const message = pikoSynthError({}, patchStatefulSet(JsonPatch.add(`${CONTAINER}/args/-`, '--config.path=/tmp/other.yaml')));
  expect(message).toContain('[test/piko] PikoCluster StatefulSet "piko" args must pass --config.path /config/server.yaml, where ConfigMap "piko" is mounted (found "/tmp/other.yaml")');
});

test('the subcommand must stay "server"', () => {
  const message = pikoSynthError({}, patchStatefulSet(JsonPatch.replace(`${CONTAINER}/args/0`, 'agent')));
  expect(message).toContain('[test/piko] PikoCluster StatefulSet "piko" args must start with the subcommand "server": Piko runs nothing else as a cluster node (found "agent")');
});

test.each([
  ['a moved mount', JsonPatch.replace(`${CONTAINER}/volumeMounts/0/mountPath`, '/etc/piko'), ['/etc/piko/server.yaml']],
  ['a subPath of another key', JsonPatch.add(`${CONTAINER}/volumeMounts/0/subPath`, 'other.yaml'), []],
  ['renamed items', JsonPatch.replace('/spec/template/spec/volumes/0/configMap/items/0/path', 'piko.yaml'), ['/config/piko.yaml']],
])('%s leaves server.yaml where Piko does not read it', (_case, patch, found) => {
  expect(pikoSynthError({}, patchStatefulSet(patch))).toContain(
    `[test/piko] PikoCluster StatefulSet "piko" mount of ConfigMap "piko" must put "server.yaml" at /config/server.yaml, the file --config.path names (found ${JSON.stringify(found)})`);
});

test('a subPath mount of the file itself is fine', () => {
  expect(() => synthPiko({}, patchStatefulSet(
    JsonPatch.replace(`${CONTAINER}/volumeMounts/0/mountPath`, '/config/server.yaml'), JsonPatch.add(`${CONTAINER}/volumeMounts/0/subPath`, 'server.yaml')))).not.toThrow();
});

test('the agent\'s config mount is held to its --config.path too', () => {
  const message = synthError((chart) => {
    const agent = new PikoAgent(chart, 'agent', { connectTo: PikoAgentTarget.url('https://piko.example.com'), listeners: [{ endpointId: 'web', port: 80, timeout: Duration.seconds(5) }] });
    ApiObject.of(agent).addJsonPatch(JsonPatch.replace(`${CONTAINER}/volumeMounts/0/mountPath`, '/etc/agent'));
  });
  expect(message).toContain('[test/agent] PikoAgent Deployment "piko-agent" container "piko-agent" mount of ConfigMap "piko-agent" must put "agent.yaml" at /config/agent.yaml, the file --config.path names (found ["/etc/agent/agent.yaml"])');
});
