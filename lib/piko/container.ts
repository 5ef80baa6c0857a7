import { k8s } from 'cdk8s-plus-28';
import { PikoKeyKind } from './auth';
import {
  CONFIG_FILE_KEY, CONFIG_MOUNT_PATH, CONTAINER_NAME, HEALTH_PATH, keyEnvName, keyFlag, LISTENERS, POD_IP_ENV, POD_NAME_ENV,
  PORT_NAMES, READY_PATH, SERVER_ARGS, tlsMountPath, tlsVolumeName,
} from './pod-layout';
import { PikoAdvertiseAddress } from './props';
import { PikoSettings } from './settings';
import { renderExtraEnv } from '../common/environment';
import { preStopLifecycle } from '../common/pre-stop';
import { serverProbes } from '../common/probe-timing';
import { renderResources } from '../common/resources';
import { tlsSecretVolume } from '../common/tls-secret';

const CONFIG_VOLUME = 'config';

/** The Piko container, before the shared workload adds its security context and /tmp. */
export function pikoContainer(settings: PikoSettings): k8s.Container {
  const ports = settings.ports;
  return {
    name: CONTAINER_NAME,
    image: settings.image,
    imagePullPolicy: settings.imagePullPolicy,
    args: [...SERVER_ARGS, ...publicKeyFlags(settings)],
    ports: [
      { name: PORT_NAMES.proxy, containerPort: ports.proxy, protocol: 'TCP' },
      { name: PORT_NAMES.upstream, containerPort: ports.upstream, protocol: 'TCP' },
      { name: PORT_NAMES.admin, containerPort: ports.admin, protocol: 'TCP' },
      { name: PORT_NAMES.gossip, containerPort: ports.gossip, protocol: 'TCP' },
      { name: PORT_NAMES.gossipUdp, containerPort: ports.gossip, protocol: 'UDP' },
    ],
    env: pikoEnv(settings),
    volumeMounts: [
      { name: CONFIG_VOLUME, mountPath: CONFIG_MOUNT_PATH, readOnly: true },
      ...LISTENERS.filter((l) => settings.listeners[l].tls).map((l) => ({ name: tlsVolumeName(l), mountPath: tlsMountPath(l), readOnly: true })),
    ],
    ...serverProbes(
      { ...adminProbe(settings, READY_PATH), periodSeconds: 5 },
      { ...adminProbe(settings, HEALTH_PATH), initialDelaySeconds: 10, periodSeconds: 10 },
      settings.probes,
    ),
    lifecycle: preStopLifecycle(settings.preStopPause),
    resources: renderResources(settings.resources),
  };
}

/** The config volume and one certificate volume per listener with TLS. */
export function pikoVolumes(settings: PikoSettings, configMapName: string): k8s.Volume[] {
  const volumes: k8s.Volume[] = [
    { name: CONFIG_VOLUME, configMap: { name: configMapName, items: [{ key: CONFIG_FILE_KEY, path: CONFIG_FILE_KEY }] } },
  ];
  for (const listener of LISTENERS) {
    const tls = settings.listeners[listener].tls;
    if (tls) {
      volumes.push(tlsSecretVolume(tlsVolumeName(listener), tls));
    }
  }
  return volumes;
}

/**
 * Readiness and liveness on the admin port. Admin auth covers /ready and /health too, and the
 * kubelet cannot send a token, so an authenticated admin port is probed by TCP connect.
 */
function adminProbe(settings: PikoSettings, path: string): k8s.Probe {
  const port = k8s.IntOrString.fromString(PORT_NAMES.admin);
  if (settings.listeners.admin.auth) {
    return { tcpSocket: { port } };
  }
  return { httpGet: { path, port, scheme: settings.listeners.admin.tls ? 'HTTPS' : 'HTTP' } };
}

function pikoEnv(settings: PikoSettings): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [{ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  if (settings.advertiseAddress !== PikoAdvertiseAddress.INFERRED) {
    env.push({ name: POD_IP_ENV, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
  }
  for (const listener of LISTENERS) {
    const key = settings.listeners[listener].auth?.key;
    if (key) {
      env.push({ name: keyEnvName(listener, key.kind), valueFrom: { secretKeyRef: { name: key.secretName, key: key.secretKey } } });
    }
  }
  return [...env, ...renderExtraEnv(settings.env)];
}

/**
 * RSA and ECDSA public keys are multi-line PEM. Piko's env expansion would paste them into the
 * YAML and break it, so they go in as CLI flags through the kubelet's `$(VAR)` substitution,
 * which keeps newlines. YAML overrides flags, so the config must not set the same key.
 */
function publicKeyFlags(settings: PikoSettings): string[] {
  return LISTENERS.flatMap((listener) => {
    const key = settings.listeners[listener].auth?.key;
    return key && key.kind !== PikoKeyKind.HMAC ? [`${keyFlag(listener, key.kind)}=$(${keyEnvName(listener, key.kind)})`] : [];
  });
}
