import { Duration, JsonPatch, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { PikaCluster, PikaClusterProps, PikoAgent, PikoAgentTarget, PikoCluster, PikoClusterProps } from '../../lib';
import { captureWarnings, findObject, Manifest, pikaPropsError, pikoPropsError, synthPika, synthPiko } from '../support/synth';

// initContainers, extraContainers, volumes and volumeMounts: the same props with the same rules on
// PikaCluster, PikoCluster and PikoAgent.

const SIDECAR: k8s.Container = {
  name: 'log-shipper',
  image: 'fluent/fluent-bit:3.1.9',
  ports: [{ name: 'shipper-metrics', containerPort: 2020 }],
  volumeMounts: [{ name: 'shared-logs', mountPath: '/logs' }],
};
const INIT: k8s.Container = { name: 'wait-for-dns', image: 'busybox:1.36.1', command: ['sh', '-c', 'true'] };
const VOLUME: k8s.Volume = { name: 'shared-logs', emptyDir: {} };
const MOUNT: k8s.VolumeMount = { name: 'shared-logs', mountPath: '/var/log/server' };

type Props = PikaClusterProps & PikoClusterProps;
const clusters = [
  ['PikaCluster', (props: Props) => synthPika(props), (props: Props) => pikaPropsError(props), 'pika', '/data'],
  ['PikoCluster', (props: Props) => synthPiko(props), (props: Props) => pikoPropsError(props), 'piko', '/config'],
] as const;

function podSpec(objects: Manifest[]): Manifest {
  return objects.find((o) => o.kind === 'StatefulSet')!.spec.template.spec;
}

describe.each(clusters)('%s pod extras', (kind, synth, propsError, server, ownPath) => {
  const expectRejected = (props: Props, line: string) => {
    const message = propsError(props);
    expect(message).toContain(`Invalid ${kind} props`);
    expect(message).toContain(`[test/${server}] ${kind} ${line}`);
  };

  test('render after the construct\'s own, hardened like the server container', () => {
    const spec = podSpec(synth({ initContainers: [INIT], extraContainers: [SIDECAR], volumes: [VOLUME], volumeMounts: [MOUNT] }));
    expect(spec.containers.map((c: Manifest) => c.name)).toEqual([server, 'log-shipper']);
    expect(spec.initContainers.map((c: Manifest) => c.name)).toEqual(['wait-for-dns']);
    expect(spec.volumes.map((v: Manifest) => v.name).slice(-2)).toEqual(['tmp', 'shared-logs']);
    expect(spec.containers[0].volumeMounts.slice(-2)).toEqual([{ name: 'tmp', mountPath: '/tmp' }, MOUNT]);
    for (const container of [spec.initContainers[0], spec.containers[1]]) {
      expect(container.securityContext).toEqual(spec.containers[0].securityContext);
    }
    expect(spec.containers[1].ports).toEqual([{ name: 'shipper-metrics', containerPort: 2020 }]);
  });

  test('a securityContext field the user sets wins, the others are filled in, and the synth warns', () => {
    const sidecar = { ...SIDECAR, securityContext: { readOnlyRootFilesystem: false, runAsUser: 1000, capabilities: { add: ['NET_BIND_SERVICE'] } } };
    let objects: Manifest[] = [];
    const warnings = captureWarnings(() => {
      objects = synth({ extraContainers: [sidecar], volumes: [VOLUME] });
    });
    expect(podSpec(objects).containers[1].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(warnings.join('\n')).toContain('container "log-shipper" securityContext.capabilities.add adds Linux capabilities');
  });

  test('no extras render nothing new', () => {
    const spec = podSpec(synth({}));
    expect(spec.initContainers).toBeUndefined();
    expect(spec.containers).toHaveLength(1);
  });

  test('container names: DNS labels, unique, not the server\'s', () => {
    expectRejected({ extraContainers: [{ ...SIDECAR, name: 'Log_Shipper' }], volumes: [VOLUME] },
      'extraContainers[0].name must be a DNS-1123 label of at most 63 characters');
    expectRejected({ extraContainers: [{ ...SIDECAR, name: server }], volumes: [VOLUME] },
      `extraContainers[0].name must not be "${server}", the construct's own container: Kubernetes refuses two containers of one name, and the synth checks read that one (found "${server}")`);
    expectRejected({ initContainers: [{ ...INIT, name: 'log-shipper' }], extraContainers: [SIDECAR], volumes: [VOLUME] },
      'extraContainers[0].name must be unique among the pod\'s init and extra containers: Kubernetes refuses two containers of one name (found "log-shipper")');
  });

  test('images must be pinned', () => {
    expectRejected({ initContainers: [{ ...INIT, image: 'busybox' }] },
      'initContainers[0].image must name a released tag or a digest, not "latest" or no tag: every member of a cluster must run the same version (found "busybox"). Fix: pin a version, e.g. "busybox:1.36.1"');
    expectRejected({ initContainers: [{ name: 'no-image' }] }, 'initContainers[0].image must name a released tag or a digest');
  });

  test('sidecar ports must not clash with the server\'s, by number or name', () => {
    const message = propsError({
      extraContainers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ports: [{ name: kind === 'PikaCluster' ? 'http' : 'admin', containerPort: kind === 'PikaCluster' ? 8080 : 8002 }] }],
    });
    expect(message).toContain('extraContainers[0].ports[0].containerPort must differ from the');
    expect(message).toContain('the containers of a pod share one network, so two cannot listen on the same port');
    expect(message).toContain('extraContainers[0].ports[0].name must differ from the');
    expect(message).toContain('Services and probes find ports by name across the pod\'s containers');
    expectRejected({ extraContainers: [{ name: 'bad-port', image: 'envoyproxy/envoy:v1.31.2', ports: [{ containerPort: 70000 }] }] },
      'extraContainers[0].ports[0].containerPort must be a whole number from 1 to 65535');
    expectRejected({ extraContainers: [{ name: 'bad-port', image: 'envoyproxy/envoy:v1.31.2', ports: [{ containerPort: 9999, name: 'Metrics_Port' }] }] },
      'extraContainers[0].ports[0].name must be an IANA service name');
  });

  test('a sidecar may mount the construct\'s volumes; a mount of nothing is refused', () => {
    expect(podSpec(synth({ extraContainers: [{ ...SIDECAR, volumeMounts: [{ name: 'config', mountPath: '/cfg', readOnly: true }] }] })).containers[1].volumeMounts)
      .toEqual([{ name: 'config', mountPath: '/cfg', readOnly: true }]);
    expectRejected({ extraContainers: [SIDECAR] }, 'extraContainers[0].volumeMounts[0].name must name a volume of the pod (');
    expect(propsError({ extraContainers: [SIDECAR] })).toContain('tmp): Kubernetes refuses a mount of nothing (found "shared-logs")');
  });

  test('volume names: DNS labels, unique, not the construct\'s', () => {
    expectRejected({ volumes: [{ name: 'tmp', emptyDir: {} }] }, 'volumes[0].name must not be a volume name the construct uses (');
    expectRejected({ volumes: [VOLUME, VOLUME] }, 'volumes[1].name must be unique among the volumes (found "shared-logs")');
    expectRejected({ volumes: [{ name: 'Cache', emptyDir: {} }] }, 'volumes[0].name must be a DNS-1123 label');
  });

  test('main-container mounts: of a volume, at an absolute path clear of the construct\'s', () => {
    expectRejected({ volumeMounts: [MOUNT] }, 'volumeMounts[0].name must name a volume of the pod (');
    expectRejected({ volumes: [VOLUME], volumeMounts: [{ name: 'shared-logs', mountPath: `${ownPath}/extra` }] },
      'volumeMounts[0].mountPath must not be, lie under or contain a path the construct mounts (');
    expectRejected({ volumes: [VOLUME], volumeMounts: [{ name: 'shared-logs', mountPath: '/' }] }, 'volumeMounts[0].mountPath must not be, lie under or contain a path');
    expectRejected({ volumes: [VOLUME], volumeMounts: [{ name: 'shared-logs', mountPath: '/tmp' }] }, 'volumeMounts[0].mountPath must not be, lie under or contain a path');
    expectRejected({ volumes: [VOLUME], volumeMounts: [{ name: 'shared-logs', mountPath: 'logs' }] },
      'volumeMounts[0].mountPath must be an absolute path without ".." segments (found "logs")');
    expectRejected({ volumes: [VOLUME], volumeMounts: [MOUNT, { ...MOUNT, readOnly: true }] },
      'volumeMounts[1].mountPath must be unique: Kubernetes refuses two mounts at one path (found "/var/log/server")');
  });

  test('wrong types from JavaScript are reported, not thrown as TypeErrors', () => {
    const message = propsError({ extraContainers: [{ name: 7, image: ['x'], ports: [null], volumeMounts: 'data' } as unknown as k8s.Container] });
    expect(message).toContain('extraContainers[0].name must be a DNS-1123 label');
    expect(message).toContain('extraContainers[0].ports[0] must be a ContainerPort (an object)');
    expect(message).toContain('extraContainers[0].volumeMounts must be a list of mounts');
  });

  test('a patched sidecar mount of nothing still fails synth', () => {
    expect(() => {
      const chart = Testing.chart();
      const cluster = kind === 'PikaCluster' ? new PikaCluster(chart, server, { extraContainers: [{ ...SIDECAR, volumeMounts: [] }] })
        : new PikoCluster(chart, server, { extraContainers: [{ ...SIDECAR, volumeMounts: [] }] });
      cluster.statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/1/volumeMounts/-', { name: 'gone', mountPath: '/gone' }));
      Testing.synth(chart);
    }).toThrow('container "log-shipper" volumeMount "gone" must name a volume of the pod or a volumeClaimTemplate');
  });
});

describe('PikoAgent pod extras', () => {
  const agent = (props: object) => {
    const chart = Testing.chart();
    const cluster = new PikoCluster(chart, 'piko');
    new PikoAgent(chart, 'agent', {
      connectTo: PikoAgentTarget.cluster(cluster),
      listeners: [{ endpointId: 'app', port: 8080, timeout: Duration.seconds(30) }],
      ...props,
    });
    return chart;
  };

  test('render on the Deployment, hardened', () => {
    const spec = findObject(Testing.synth(agent({ extraContainers: [SIDECAR], volumes: [VOLUME], volumeMounts: [MOUNT] })), 'Deployment', 'piko-agent').spec.template.spec;
    expect(spec.containers.map((c: Manifest) => c.name)).toEqual(['piko-agent', 'log-shipper']);
    expect(spec.containers[1].securityContext.allowPrivilegeEscalation).toBe(false);
    expect(spec.containers[0].volumeMounts).toContainEqual(MOUNT);
  });

  test('keep clear of the agent\'s own names and paths', () => {
    expect(() => agent({ extraContainers: [{ ...SIDECAR, name: 'piko-agent' }], volumes: [VOLUME] }))
      .toThrow('extraContainers[0].name must not be "piko-agent", the construct\'s own container');
    expect(() => agent({ volumes: [VOLUME], volumeMounts: [{ name: 'shared-logs', mountPath: '/config/extra' }] }))
      .toThrow('volumeMounts[0].mountPath must not be, lie under or contain a path the construct mounts (/config, /tmp)');
  });
});
