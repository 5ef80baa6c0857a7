import { ApiObject, JsonPatch } from 'cdk8s';
import { PikaCluster, PikoCluster } from '../../lib';
import { captureWarnings, synthPika, synthPiko } from '../support/synth';

// A patch that weakens the pods' hardening does not break the cluster, so it warns instead of
// failing the synth: once, naming the object, the field and what it gives away.

const CONTAINER = '/spec/template/spec/containers/0';
const POD = '/spec/template/spec';

function pikaWarnings(...patches: JsonPatch[]): string[] {
  return captureWarnings(() => synthPika({}, (pika: PikaCluster) => ApiObject.of(pika).addJsonPatch(...patches)));
}

function pikoWarnings(...patches: JsonPatch[]): string[] {
  return captureWarnings(() => synthPiko({}, (piko: PikoCluster) => ApiObject.of(piko).addJsonPatch(...patches)));
}

const REMOVE_PATCH = 'Fix: remove the patch that sets it; a namespace enforcing the "restricted" Pod Security Standard (as the ones the constructs render do) refuses the pod';

test('the defaults warn about nothing', () => {
  expect(captureWarnings(() => synthPika())).toEqual([]);
  expect(captureWarnings(() => synthPiko())).toEqual([]);
});

test.each([
  ['an unpinned image', JsonPatch.replace(`${CONTAINER}/image`, 'ghcr.io/rakunlabs/pika:latest'),
    'StatefulSet "pika" container "pika" image is not pinned to a tag or a digest ("latest" or none): it weakens the pinned version, as nodes that pull at different times run different versions (found "ghcr.io/rakunlabs/pika:latest"). Fix: pin a version or a digest with the image prop (or in the patch that adds the container)'],
  ['privilege escalation', JsonPatch.replace(`${CONTAINER}/securityContext/allowPrivilegeEscalation`, true),
    `StatefulSet "pika" container "pika" securityContext.allowPrivilegeEscalation is not false: it weakens privilege isolation, as processes in the container can gain more privileges than their parent (setuid binaries) (found true). ${REMOVE_PATCH}`],
  ['a removed allowPrivilegeEscalation (Kubernetes then allows it)', JsonPatch.remove(`${CONTAINER}/securityContext/allowPrivilegeEscalation`),
    'StatefulSet "pika" container "pika" securityContext.allowPrivilegeEscalation is not false: it weakens privilege isolation, as processes in the container can gain more privileges than their parent (setuid binaries) (found nothing)'],
  ['runAsNonRoot false', JsonPatch.replace(`${CONTAINER}/securityContext/runAsNonRoot`, false),
    `StatefulSet "pika" container "pika" securityContext.runAsNonRoot is not true: it weakens the non-root guarantee, as the kubelet no longer refuses to start the container as root (found false). ${REMOVE_PATCH}`],
  ['runAsUser 0', JsonPatch.replace(`${CONTAINER}/securityContext/runAsUser`, 0),
    `StatefulSet "pika" container "pika" securityContext.runAsUser is 0: the container runs as root, which undoes the non-root hardening (found 0). ${REMOVE_PATCH}`],
  ['a privileged container', JsonPatch.replace(`${CONTAINER}/securityContext/privileged`, true),
    `StatefulSet "pika" container "pika" securityContext.privileged is true: it removes the container's isolation from the node, with every capability and the node's devices (found true). ${REMOVE_PATCH}`],
  ['added capabilities', JsonPatch.add(`${CONTAINER}/securityContext/capabilities/add`, ['NET_ADMIN']),
    `StatefulSet "pika" container "pika" securityContext.capabilities.add adds Linux capabilities: it weakens the dropped-capabilities hardening, letting the container do what a plain process may not (found ["NET_ADMIN"]). ${REMOVE_PATCH}`],
  ['a writable root filesystem', JsonPatch.replace(`${CONTAINER}/securityContext/readOnlyRootFilesystem`, false),
    'StatefulSet "pika" container "pika" securityContext.readOnlyRootFilesystem is not true: it weakens the read-only root, so a compromised process can change the files of its image (found false). Fix: remove the patch; if the server must write outside its volumes, set podSecurity.readOnlyRootFilesystem to false'],
  ['an unconfined seccomp profile', JsonPatch.replace(`${CONTAINER}/securityContext/seccompProfile/type`, 'Unconfined'),
    `StatefulSet "pika" container "pika" securityContext.seccompProfile.type is Unconfined or unset: it turns off the system-call filter (RuntimeDefault) that limits what a compromised process can ask of the kernel (found "Unconfined"). ${REMOVE_PATCH}`],
  ['the host network', JsonPatch.add(`${POD}/hostNetwork`, true),
    `StatefulSet "pika" spec.template.spec.hostNetwork is true: it removes the pod's network isolation, as the pod shares the node's network and can bind its interfaces (found true). ${REMOVE_PATCH}`],
  ['the host PID namespace', JsonPatch.add(`${POD}/hostPID`, true),
    'StatefulSet "pika" spec.template.spec.hostPID is true: it removes the pod\'s process isolation, as the pod sees and can signal every process of the node (found true)'],
  ['the host IPC namespace', JsonPatch.add(`${POD}/hostIPC`, true),
    'StatefulSet "pika" spec.template.spec.hostIPC is true: it removes the pod\'s IPC isolation, as the pod shares the node\'s shared memory and semaphores (found true)'],
])('%s warns once, and the synth goes on', (_what, patch, warning) => {
  const warnings = pikaWarnings(patch);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(`[test/pika] warning: PikaCluster ${warning}`);
});

test('a pod-level value is reported on the pod, once, where the container falls back to it', () => {
  expect(pikoWarnings(JsonPatch.remove(`${CONTAINER}/securityContext/runAsUser`), JsonPatch.replace(`${POD}/securityContext/runAsUser`, 0))).toEqual([
    '[test/piko] warning: PikoCluster StatefulSet "piko" spec.template.spec.securityContext.runAsUser is 0: the container runs as root, which undoes the non-root hardening (found 0). '
    + REMOVE_PATCH,
  ]);
});

test('a pod-level value the container overrides weakens nothing', () => {
  expect(pikoWarnings(JsonPatch.replace(`${POD}/securityContext/seccompProfile/type`, 'Unconfined'))).toEqual([]);
});

test('a writable root chosen by the props is no warning', () => {
  expect(captureWarnings(() => synthPika({ podSecurity: { readOnlyRootFilesystem: false } }))).toEqual([]);
});

test('an added container is held to what it sets explicitly, and its image must be pinned', () => {
  const warnings = pikoWarnings(JsonPatch.add(`${POD}/containers/-`, { name: 'debug', image: 'busybox', securityContext: { privileged: true } }));
  expect(warnings).toEqual([
    expect.stringContaining('StatefulSet "piko" container "debug" image is not pinned to a tag or a digest ("latest" or none)'),
    expect.stringContaining('StatefulSet "piko" container "debug" securityContext.privileged is true'),
  ]);
});
