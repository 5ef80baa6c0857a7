import { k8s } from 'cdk8s-plus-28';
import { PASSPHRASE_ENV, unlockGateCommand } from './encryption';
import {
  CLUSTER_PORT_NAME, CONFIG_FILE_KEY, CONFIG_MOUNT_PATH, CONTAINER_NAME, DATA_CLAIM_NAME, DATA_MOUNT_PATH, HEALTH_PATH,
  HTTP_PORT_NAME, SECURITY_KEY_ENV, TLS_MOUNT_PATH, TLS_VOLUME,
} from './pod-layout';
import { PikaSettings } from './settings';
import { renderExtraEnv } from '../common/environment';
import { preStopLifecycle } from '../common/pre-stop';
import { serverProbes } from '../common/probe-timing';
import { renderResources } from '../common/resources';
import { tlsSecretVolume } from '../common/tls-secret';

const CONFIG_VOLUME = 'config';

/** The Pika container, before the shared workload adds its security context and /tmp. */
export function pikaContainer(settings: PikaSettings): k8s.Container {
  const scheme = settings.server.tls.enabled ? 'HTTPS' : 'HTTP';
  const probe = (initialDelaySeconds: number, periodSeconds: number): k8s.Probe => ({
    // /healthz answers at the root even with a base path, and before quorum: a member must be
    // ready to be found by its peers, so readiness cannot wait for a leader.
    httpGet: { path: HEALTH_PATH, port: k8s.IntOrString.fromString(HTTP_PORT_NAME), scheme },
    initialDelaySeconds,
    periodSeconds,
  });
  return {
    name: CONTAINER_NAME,
    image: settings.image,
    imagePullPolicy: settings.imagePullPolicy,
    ports: [
      { name: HTTP_PORT_NAME, containerPort: settings.server.port, protocol: 'TCP' },
      ...settings.endpoints.map((e) => ({ name: e.name, containerPort: e.port, protocol: 'TCP' })),
      { name: CLUSTER_PORT_NAME, containerPort: settings.clustering.port, protocol: 'UDP' },
    ],
    env: pikaEnv(settings),
    volumeMounts: [
      { name: CONFIG_VOLUME, mountPath: CONFIG_MOUNT_PATH, subPath: CONFIG_FILE_KEY, readOnly: true },
      { name: DATA_CLAIM_NAME, mountPath: DATA_MOUNT_PATH },
      ...(settings.server.tls.secret === undefined ? [] : [{ name: TLS_VOLUME, mountPath: TLS_MOUNT_PATH, readOnly: true }]),
    ],
    ...serverProbes(settings.encryption.readinessGate ? unlockGate(settings) : probe(5, 5), probe(10, 10), settings.probes),
    lifecycle: preStopLifecycle(settings.preStopPause),
    resources: renderResources(settings.resources),
  };
}

/** The pod volumes the container mounts (the data volume comes from the claim template). */
export function pikaVolumes(settings: PikaSettings, configMapName: string): k8s.Volume[] {
  const secret = settings.server.tls.secret;
  const volumes: k8s.Volume[] = [{ name: CONFIG_VOLUME, configMap: { name: configMapName } }];
  return secret === undefined ? volumes : [...volumes, tlsSecretVolume(TLS_VOLUME, secret)];
}

/** Ready only when the store is not encrypted or is unlocked; see unlockGateCommand. */
function unlockGate(settings: PikaSettings): k8s.Probe {
  return {
    exec: { command: unlockGateCommand(settings.server.port, settings.server.basePath, settings.server.tls.enabled) },
    initialDelaySeconds: 5,
    periodSeconds: 5,
    timeoutSeconds: 3,
  };
}

function pikaEnv(settings: PikaSettings): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [{
    name: SECURITY_KEY_ENV,
    valueFrom: { secretKeyRef: { name: settings.securityKey.secretName, key: settings.securityKey.key } },
  }];
  const passphrase = settings.encryption.passphrase;
  if (passphrase) {
    env.push({ name: PASSPHRASE_ENV, valueFrom: { secretKeyRef: { name: passphrase.secretName, key: passphrase.key } } });
  }
  if (settings.telemetry) {
    env.push(
      { name: 'PIKA_TELEMETRY_COLLECTOR', value: settings.telemetry.collector },
      { name: 'OTEL_SERVICE_NAME', value: settings.telemetry.serviceName },
    );
  }
  return [...env, ...renderExtraEnv(settings.env)];
}
