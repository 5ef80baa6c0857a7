import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PikoAgent, PikoAgentSidecar, PikoAgentTarget, PikoSidecarHost } from '../../lib';
import { synthError } from '../support/synth';

// A sidecar's host is the user's own workload. Where it lives in a namespace of the app that
// enforces Pod Security's restricted profile (a Namespace the constructs render), admission
// refuses its pods unless its own containers meet the profile: the synth says so first.

const CONNECT = PikoAgentTarget.url('https://upstream.piko.example.com');
const WHY = 'the namespace "apps" enforces Pod Security\'s restricted profile (its Namespace is in this app), whose admission refuses the pods otherwise';
const RESTRICTED = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

/** The chart renders the Namespace "apps", as a PikoAgent there does. */
function withAppsNamespace(chart: Chart): Chart {
  new PikoAgent(chart, 'agents', { name: 'billing-agent', namespace: 'apps', connectTo: CONNECT, listeners: [{ endpointId: 'billing', host: 'billing.apps.svc', port: 8080, timeout: Duration.seconds(5) }] });
  return chart;
}
const appsChart = () => withAppsNamespace(Testing.chart());

function kubeHost(chart: Chart, pod: object): kplus.k8s.KubeDeployment {
  return new kplus.k8s.KubeDeployment(chart, 'app', {
    metadata: { name: 'app', namespace: 'apps' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod as kplus.k8s.PodSpec } },
  });
}

function sidecar(chart: Chart, host: PikoSidecarHost): PikoAgentSidecar {
  return new PikoAgentSidecar(chart, 'sidecar', { host, connectTo: CONNECT, listeners: [{ endpointId: 'web', port: 8080, timeout: Duration.seconds(5) }] });
}

describe('a sidecar\'s host in a namespace that enforces the restricted profile', () => {
  test('a cdk8s-plus Deployment left at its defaults is refused on the two fields cdk8s-plus does not set', () => {
    const message = synthError((chart) => {
      const deployment = new kplus.Deployment(withAppsNamespace(chart), 'web', { metadata: { name: 'web', namespace: 'apps' }, containers: [{ name: 'web', image: 'nginx:1.27', portNumber: 8080 }] });
      sidecar(chart, PikoSidecarHost.workload(deployment));
    });
    expect(message).toContain(`PikoAgentSidecar Deployment "web" container "web" securityContext.capabilities.drop must include ALL: ${WHY} (found nothing). `
      + 'Fix: set it on your container, e.g. securityContext: { capabilities: { drop: [Capability.ALL] } }');
    expect(message).toContain('PikoAgentSidecar Deployment "web" container "web" securityContext.seccompProfile.type must be RuntimeDefault or Localhost, '
      + `on the container or the pod: ${WHY} (found nothing). Fix: set it on your container, e.g. securityContext: { seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT } }`);
    expect(message).not.toContain('allowPrivilegeEscalation');
    expect(message).not.toContain('runAsNonRoot');
    expect(message).not.toContain('container "piko-agent"');
  });

  test('a cdk8s-plus Deployment whose container meets the profile passes', () => {
    const chart = appsChart();
    const deployment = new kplus.Deployment(chart, 'web', {
      metadata: { namespace: 'apps' },
      containers: [{
        name: 'web',
        image: 'nginx:1.27',
        portNumber: 8080,
        securityContext: { capabilities: { drop: [kplus.Capability.ALL] }, seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT } },
      }],
    });
    sidecar(chart, PikoSidecarHost.workload(deployment));
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('every field the profile refuses is named, in every kind of container and in the pod', () => {
    const message = synthError((chart) => {
      sidecar(withAppsNamespace(chart), PikoSidecarHost.kubeWorkload(kubeHost(chart, {
        hostNetwork: true,
        securityContext: { runAsUser: 0 },
        initContainers: [{ name: 'setup', image: 'busybox:1.36', securityContext: { ...RESTRICTED, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } } }],
        containers: [{
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 8080, hostPort: 80 }],
          securityContext: { privileged: true, allowPrivilegeEscalation: true, runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
        }],
        volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }, { name: 'cache', emptyDir: {} }],
      })));
    });
    const container = 'PikoAgentSidecar Deployment "app" container';
    for (const line of [
      `Deployment "app" spec.template.spec.hostNetwork must not be true: ${WHY} (found true)`,
      `Deployment "app" spec.template.spec.volumes "logs" must be of a type the profile admits (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret): ${WHY} (found "hostPath")`,
      `${container} "setup" securityContext.capabilities.add must add nothing but NET_BIND_SERVICE: ${WHY} (found ["SYS_ADMIN","NET_BIND_SERVICE"])`,
      `${container} "setup" securityContext.runAsUser must not be 0 (root), on the container or the pod: ${WHY} (found 0)`,
      `${container} "web" securityContext.privileged must not be true: ${WHY} (found true)`,
      `${container} "web" securityContext.allowPrivilegeEscalation must be false: ${WHY} (found true)`,
      `${container} "web" securityContext.capabilities.drop must include ALL: ${WHY} (found nothing)`,
      `${container} "web" securityContext.runAsUser must not be 0 (root), on the container or the pod: ${WHY} (found 0)`,
      `${container} "web" securityContext.seccompProfile.type must be RuntimeDefault or Localhost, on the container or the pod: ${WHY} (found "Unconfined")`,
      `${container} "web" ports "http" hostPort must be unset: ${WHY} (found 80). Fix: remove the hostPort; reach the pod through a Service`,
    ]) {
      expect(message).toContain(line);
    }
    expect(message).not.toContain('volumes "cache"');
    expect(message.match(/\[test\/sidecar\]/g)).toHaveLength(10);
  });

  test('an L1 container that sets nothing is told to drop privilege escalation and run as non-root, with the fix', () => {
    const message = synthError((chart) => {
      sidecar(withAppsNamespace(chart), PikoSidecarHost.kubeWorkload(kubeHost(chart, { containers: [{ name: 'web', image: 'nginx:1.27' }] })));
    });
    const container = 'PikoAgentSidecar Deployment "app" container "web" securityContext';
    expect(message).toContain(`${container}.allowPrivilegeEscalation must be false: ${WHY} (found nothing). `
      + 'Fix: set it on your container, e.g. securityContext: { allowPrivilegeEscalation: false }');
    expect(message).toContain(`${container}.runAsNonRoot must be true, on the container or the pod: ${WHY} (found nothing). `
      + 'Fix: set it on your container, e.g. securityContext: { ensureNonRoot: true } in cdk8s-plus');
    expect(message).toContain(`${container}.capabilities.drop must include ALL: ${WHY}`);
    expect(message).toContain(`${container}.seccompProfile.type must be RuntimeDefault or Localhost`);
    expect(message).not.toContain('runAsUser');
  });

  test('pod-level settings count for every container, as admission reads them', () => {
    const chart = appsChart();
    sidecar(chart, PikoSidecarHost.kubeWorkload(kubeHost(chart, {
      securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    })));
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('is not judged where the app has no Namespace of that name, or where the final Namespace enforces another profile', () => {
    const pod = { containers: [{ name: 'web', image: 'nginx:1.27' }] };
    const elsewhere = Testing.chart();
    sidecar(elsewhere, PikoSidecarHost.kubeWorkload(kubeHost(elsewhere, pod)));
    expect(() => Testing.synth(elsewhere)).not.toThrow();

    const baseline = appsChart();
    sidecar(baseline, PikoSidecarHost.kubeWorkload(kubeHost(baseline, pod)));
    expect(() => Testing.synth(baseline)).toThrow('securityContext.capabilities.drop must include ALL');
    const namespace = baseline.node.findAll().find((c) => c instanceof ApiObject && c.kind === 'Namespace') as ApiObject;
    namespace.addJsonPatch(JsonPatch.replace('/metadata/labels/pod-security.kubernetes.io~1enforce', 'baseline'));
    expect(() => Testing.synth(baseline)).not.toThrow();
  });
});
