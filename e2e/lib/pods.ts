// The kubelet's part for the real-program checks: turns the pods of synthesized workloads into
// processes that bash starts, each container run as the manifest says: its args, its env (field
// references, Secrets and ConfigMaps resolved), its volumes as files at their mount paths, its user
// and group, a read-only root where it asks for one, and its pod's own network namespace and IP.
// Service names resolve through a hosts file per pod to the IPs of the pods the Service selects, as
// cluster DNS would (a ClusterIP Service's name resolves to its pods' IPs: there is no kube-proxy).
//
// Usage: tsx e2e/lib/pods.ts <scene.json> <outdir>
//
// The scene names the manifest files (the synthesized app plus fixtures the checks write: Secrets
// a user or cert-manager would provide), the workloads to run, stand-ins for workloads outside the
// output (an upstream service), and what binary each image runs. For every pod it writes
// <outdir>/<pod>/pod.json (IP, netns, probes, grace period, preStop) and, per container,
// <outdir>/<pod>/<container>.sh, which bash runs inside `ip netns exec <netns>`.
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** What a check asks to run. */
interface Scene {
  /** Manifest files: the app's output and the fixtures. */
  readonly manifests: string[];
  /** Workloads of the manifests to run, every replica. */
  readonly workloads: { kind: 'StatefulSet' | 'Deployment'; namespace: string; name: string }[];
  /** Pods for workloads the output only points at: one container each, found by a Service of this name. */
  readonly standIns?: { namespace: string; name: string; port: number; argv: string[] }[];
  /** Image repository (the tag is ignored) to the argv of its entrypoint. */
  readonly images: Record<string, string[]>;
  /** The first three octets of the pods' network (a /24 on the bridge bash creates), e.g. 10.213.0 */
  readonly network: string;
}

type Json = any;

interface PlannedPod {
  name: string;
  namespace: string;
  ip: string;
  labels: Record<string, string>;
  /** The headless Service whose name gives the pod a DNS name of its own (StatefulSet pods). */
  subdomain?: string;
  spec: Json;
  workload: string;
}

const FIRST_HOST = 10;

function main(): void {
  const [sceneFile, outdir] = process.argv.slice(2);
  const scene: Scene = JSON.parse(fs.readFileSync(sceneFile, 'utf8'));
  const objects: Json[] = scene.manifests.flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()).filter(Boolean));
  const pods = planPods(scene, objects);
  const services = objects.filter((o) => o.kind === 'Service');
  for (const pod of pods) {
    const dir = path.join(outdir, pod.name + '.' + pod.namespace);
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'hosts'), hostsFile(pod, pods, services, scene));
    fs.writeFileSync(path.join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\n');
    const volumes = writeVolumes(pod, dir, objects);
    const containers: Json[] = pod.spec.containers;
    for (const c of containers) {
      fs.writeFileSync(path.join(dir, c.name + '.sh'), containerScript(pod, c, dir, volumes, objects, scene), { mode: 0o755 });
    }
    fs.writeFileSync(path.join(dir, 'pod.json'), JSON.stringify(podInfo(pod, containers), null, 2) + '\n');
  }
  console.log(pods.map((p) => `${p.name}.${p.namespace} ${p.ip}`).join('\n'));
}

function planPods(scene: Scene, objects: Json[]): PlannedPod[] {
  const pods: PlannedPod[] = [];
  const nextIp = () => `${scene.network}.${FIRST_HOST + pods.length}`;
  for (const w of scene.workloads) {
    const o = objects.find((x) => x.kind === w.kind && x.metadata.name === w.name && (x.metadata.namespace ?? 'default') === w.namespace);
    if (!o) throw new Error(`no ${w.kind} ${w.namespace}/${w.name} in ${scene.manifests.join(', ')}`);
    const replicas: number = o.spec.replicas ?? 1;
    for (let i = 0; i < replicas; i++) {
      // A StatefulSet's pods are <name>-<ordinal>; a Deployment's get a suffix of their own.
      const name = w.kind === 'StatefulSet' ? `${w.name}-${i}` : `${w.name}-e2e-${i}`;
      pods.push({
        name,
        namespace: w.namespace,
        ip: nextIp(),
        labels: o.spec.template.metadata?.labels ?? {},
        subdomain: w.kind === 'StatefulSet' ? o.spec.serviceName : undefined,
        spec: o.spec.template.spec,
        workload: `${w.kind} ${w.namespace}/${w.name}`,
      });
    }
  }
  for (const s of scene.standIns ?? []) {
    pods.push({
      name: `${s.name}-standin`,
      namespace: s.namespace,
      ip: nextIp(),
      labels: { 'e2e.stand-in': s.name },
      workload: `stand-in ${s.namespace}/${s.name}`,
      spec: { containers: [{ name: s.name, image: `e2e-stand-in/${s.name}`, command: s.argv }] },
    });
  }
  return pods;
}

/** /etc/hosts of a pod: itself, and every Service's names (short ones in its own namespace) to the pods it selects. */
function hostsFile(pod: PlannedPod, pods: PlannedPod[], services: Json[], scene: Scene): string {
  const lines = ['127.0.0.1 localhost', `${pod.ip} ${pod.name}`];
  const add = (ip: string, name: string, namespace: string) => {
    const names = [`${name}.${namespace}.svc.cluster.local`, `${name}.${namespace}.svc`, `${name}.${namespace}`];
    if (namespace === pod.namespace) names.push(name);
    lines.push(`${ip} ${names.join(' ')}`);
  };
  for (const s of services) {
    const namespace = s.metadata.namespace ?? 'default';
    const selector: Record<string, string> = s.spec.selector ?? {};
    const selected = pods.filter((p) => p.namespace === namespace && Object.keys(selector).length > 0
      && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
    for (const p of selected) {
      add(p.ip, s.metadata.name, namespace);
      if (p.subdomain === s.metadata.name) add(p.ip, `${p.name}.${s.metadata.name}`, namespace);
    }
  }
  for (const s of scene.standIns ?? []) {
    const p = pods.find((x) => x.name === `${s.name}-standin` && x.namespace === s.namespace)!;
    add(p.ip, s.name, s.namespace);
  }
  return lines.join('\n') + '\n';
}

function findObject(objects: Json[], kind: string, namespace: string, name: string, user: string): Json {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? 'default') === namespace);
  if (!o) throw new Error(`${user}: ${kind} ${namespace}/${name} is neither in the output nor among the fixtures`);
  return o;
}

/** The data of a ConfigMap or Secret, as text. */
function dataOf(o: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries<string>(o.data ?? {})) out[k] = o.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
  for (const [k, v] of Object.entries<string>(o.stringData ?? {})) out[k] = v;
  return out;
}

/** Writes each volume's files under <dir>/volumes/<name>; returns each volume's directory. */
function writeVolumes(pod: PlannedPod, dir: string, objects: Json[]): Map<string, string> {
  const dirs = new Map<string, string>();
  const fsGroup: number | undefined = pod.spec.securityContext?.fsGroup;
  for (const v of pod.spec.volumes ?? []) {
    const vdir = path.join(dir, 'volumes', v.name);
    fs.mkdirSync(vdir, { recursive: true });
    dirs.set(v.name, vdir);
    const user = `${pod.workload} volume ${v.name}`;
    const sources: { kind: string; ref: Json }[] = [];
    if (v.configMap) sources.push({ kind: 'ConfigMap', ref: v.configMap });
    if (v.secret) sources.push({ kind: 'Secret', ref: { ...v.secret, name: v.secret.secretName } });
    for (const p of v.projected?.sources ?? []) {
      if (p.configMap) sources.push({ kind: 'ConfigMap', ref: p.configMap });
      if (p.secret) sources.push({ kind: 'Secret', ref: p.secret });
    }
    if (v.emptyDir || v.persistentVolumeClaim) {
      fs.chmodSync(vdir, 0o777); // as the kubelet makes an emptyDir
      continue;
    }
    if (sources.length === 0) throw new Error(`${user}: this volume type is not supported by the e2e pod runner`);
    const mode: number = v.configMap?.defaultMode ?? v.secret?.defaultMode ?? v.projected?.defaultMode ?? 0o644;
    for (const s of sources) {
      const data = dataOf(findObject(objects, s.kind, pod.namespace, s.ref.name, user));
      const items: { key: string; path: string; mode?: number }[] = s.ref.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const item of items) {
        if (!(item.key in data)) throw new Error(`${user}: ${s.kind} ${s.ref.name} has no key ${item.key}`);
        const file = path.join(vdir, item.path);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, data[item.key], { mode: item.mode ?? mode });
        fs.chmodSync(file, item.mode ?? mode);
        if (fsGroup !== undefined) fs.chownSync(file, 0, fsGroup);
      }
    }
    fs.chmodSync(vdir, 0o755);
  }
  return dirs;
}

function fieldValue(pod: PlannedPod, fieldPath: string): string {
  switch (fieldPath) {
    case 'metadata.name': return pod.name;
    case 'metadata.namespace': return pod.namespace;
    case 'status.podIP': return pod.ip;
    case 'status.hostIP': return pod.ip;
    case 'spec.nodeName': return 'e2e-node';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? 'default';
    default: throw new Error(`${pod.workload}: fieldRef ${fieldPath} is not supported by the e2e pod runner`);
  }
}

/** The container's environment, resolved as the kubelet does, in order (later entries win). */
function environment(pod: PlannedPod, c: Json, objects: Json[]): [string, string][] {
  const env: [string, string][] = [['HOME', '/'], ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOSTNAME', pod.name]];
  const user = `${pod.workload} container ${c.name}`;
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const data = dataOf(findObject(objects, from.configMapRef ? 'ConfigMap' : 'Secret', pod.namespace, ref.name, user));
    for (const [k, v] of Object.entries(data)) env.push([(from.prefix ?? '') + k, v]);
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom === undefined) {
      env.push([e.name, expand(String(e.value ?? ''), env)]);
    } else if (e.valueFrom.fieldRef) {
      env.push([e.name, fieldValue(pod, e.valueFrom.fieldRef.fieldPath)]);
    } else {
      const ref = e.valueFrom.secretKeyRef ?? e.valueFrom.configMapKeyRef;
      if (!ref) throw new Error(`${user}: env ${e.name}: this valueFrom is not supported by the e2e pod runner`);
      const data = dataOf(findObject(objects, e.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap', pod.namespace, ref.name, user));
      if (!(ref.key in data)) throw new Error(`${user}: env ${e.name}: ${ref.name} has no key ${ref.key}`);
      env.push([e.name, data[ref.key]]);
    }
  }
  return env;
}

/** `$(VAR)` references to the environment, as the kubelet expands them in env values, command and args. */
function expand(text: string, env: [string, string][]): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => env.filter(([k]) => k === n).pop()?.[1] ?? m);
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The argv of a container: the image's entrypoint unless `command` replaces it, then `args`. */
function argvOf(pod: PlannedPod, c: Json, scene: Scene, env: [string, string][]): string[] {
  const args: string[] = (c.args ?? []).map((a: string) => expand(a, env));
  if (c.command) return [...c.command.map((a: string) => expand(a, env)), ...args];
  const repository = String(c.image).replace(/[:@].*$/, '');
  const entrypoint = scene.images[repository];
  if (!entrypoint) throw new Error(`${pod.workload} container ${c.name}: no binary is given for image ${c.image}`);
  return [...entrypoint, ...args];
}

/**
 * The script that runs one container inside its pod's network namespace (and the fresh mount
 * namespace `ip netns exec` gives it): binds the pod's hosts file and every volume mount, makes the
 * root read-only when the container asks, and execs the argv as the container's user.
 */
function containerScript(pod: PlannedPod, c: Json, dir: string, volumes: Map<string, string>, objects: Json[], scene: Scene): string {
  const sc = { ...(pod.spec.securityContext ?? {}), ...(c.securityContext ?? {}) };
  const uid: number = sc.runAsUser ?? 0;
  const gid: number = sc.runAsGroup ?? uid;
  const groups = [pod.spec.securityContext?.fsGroup, ...(pod.spec.securityContext?.supplementalGroups ?? [])].filter((g) => g !== undefined);
  const lines = ['#!/usr/bin/env bash', `# ${pod.workload}, pod ${pod.name}, container ${c.name}`, 'set -euo pipefail',
    `mount --bind ${quote(path.join(dir, 'hosts'))} /etc/hosts`,
    `mount --bind ${quote(path.join(dir, 'resolv.conf'))} /etc/resolv.conf`];
  for (const m of c.volumeMounts ?? []) {
    const source = volumes.get(m.name);
    if (!source) throw new Error(`${pod.workload} container ${c.name}: mount of unknown volume ${m.name}`);
    const from = m.subPath ? path.join(source, m.subPath) : source;
    // A mount point must exist on the host's filesystem; the bind itself stays inside this namespace.
    lines.push(fs.existsSync(from) && fs.statSync(from).isFile() ? `[[ -e ${quote(m.mountPath)} ]] || { mkdir -p "$(dirname ${quote(m.mountPath)})"; touch ${quote(m.mountPath)}; }`
      : `mkdir -p ${quote(m.mountPath)}`);
    lines.push(`mount --bind ${quote(from)} ${quote(m.mountPath)}`);
    if (m.readOnly) lines.push(`mount -o remount,bind,ro ${quote(m.mountPath)}`);
  }
  if (sc.readOnlyRootFilesystem) lines.push('mount -o remount,bind,ro /');
  const resolved = environment(pod, c, objects);
  const env = resolved.map(([k, v]) => quote(`${k}=${v}`));
  const argv = argvOf(pod, c, scene, resolved).map(quote);
  const priv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, groups.length ? `--groups=${groups.join(',')}` : '--clear-groups',
    '--inh-caps=-all', '--bounding-set=-all', ...(sc.allowPrivilegeEscalation === false ? ['--no-new-privs'] : [])];
  lines.push(`cd ${quote(c.workingDir ?? '/')}`);
  lines.push(`exec ${priv.join(' ')} env -i ${env.join(' ')} ${argv.join(' ')}`);
  return lines.join('\n') + '\n';
}

/** What bash needs to drive a pod: probes as URLs or commands, the grace period, the preStop hook. */
function podInfo(pod: PlannedPod, containers: Json[]) {
  // A probe as a URL: http(s)://ip:port/path for httpGet, tcp://ip:port for tcpSocket.
  const probe = (c: Json, p: Json | undefined) => {
    if (p === undefined) return undefined;
    const action = p.httpGet ?? p.tcpSocket;
    if (!action) throw new Error(`${pod.workload} container ${c.name}: only httpGet and tcpSocket probes are supported by the e2e pod runner`);
    const port = typeof action.port === 'number' ? action.port : (c.ports ?? []).find((x: Json) => x.name === action.port)?.containerPort;
    if (port === undefined) throw new Error(`${pod.workload} container ${c.name}: probe port ${action.port} is not a port of the container`);
    if (p.tcpSocket) return `tcp://${pod.ip}:${port}`;
    return `${String(action.scheme ?? 'HTTP').toLowerCase()}://${pod.ip}:${port}${action.path ?? '/'}`;
  };
  return {
    name: pod.name,
    namespace: pod.namespace,
    ip: pod.ip,
    workload: pod.workload,
    terminationGracePeriodSeconds: pod.spec.terminationGracePeriodSeconds ?? 30,
    containers: containers.map((c) => ({
      name: c.name,
      ports: Object.fromEntries((c.ports ?? []).map((p: Json) => [p.name ?? String(p.containerPort), p.containerPort])),
      readiness: probe(c, c.readinessProbe),
      liveness: probe(c, c.livenessProbe),
      startup: probe(c, c.startupProbe),
      preStop: c.lifecycle?.preStop?.exec?.command,
    })),
  };
}

main();
