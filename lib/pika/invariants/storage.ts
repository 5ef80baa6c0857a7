import { posix } from 'path';
import { goBool } from '../../common/go-bool';
import { describeObject, envNamed, isWithin, listOf, Manifest, volumeNamed } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { listNames } from '../../common/value-text';
import { CONFIG_FILE_KEY } from '../pod-layout';
import { configSetting, configValue, PikaCheckContext } from './context';

// Where Pika's loader (chu) finds pika.yaml: the path in CONFIG_FILE_PIKA, else in CONFIG_FILE,
// else pika.yaml in the working directory, then in /etc. The image sets no WORKDIR, so the working
// directory is `/` unless the container's workingDir moves it, and relative paths (CONFIG_FILE,
// storage.bw.path) resolve against it too.
const CONFIG_FILE_ENV = ['CONFIG_FILE_PIKA', 'CONFIG_FILE'];

/** The config file reaches Pika, and the data lands on the member's own claim. */
export function checkStorage(context: PikaCheckContext): Problem[] {
  return [...checkConfigFile(context), ...checkDataPath(context)];
}

/** The container's working directory, which relative paths resolve against. */
function workingDirOf(context: PikaCheckContext): string {
  const dir = context.container?.workingDir;
  return typeof dir === 'string' && dir.startsWith('/') ? dir : '/';
}

function checkConfigFile(context: PikaCheckContext): Problem[] {
  const setting = `${describeObject(context.configMap)} data`;
  if (typeof context.configMap.data?.[CONFIG_FILE_KEY] !== 'string') {
    return [{ setting, rule: `must hold the key "${CONFIG_FILE_KEY}"`, found: Object.keys(context.configMap.data ?? {}), fix: 'remove the patch that renames or drops the key' }];
  }
  const workingDir = workingDirOf(context);
  const mounts: Manifest[] = context.container?.volumeMounts ?? [];
  const configMounts = mounts.filter((m) => volumeNamed(context.statefulSet, m.name)?.configMap?.name === context.configMap.metadata?.name);
  const mountedAt = configMounts.find((m) => m.subPath === CONFIG_FILE_KEY)?.mountPath;
  const mountedFile = typeof mountedAt === 'string' ? posix.normalize(mountedAt) : undefined;
  const variable = CONFIG_FILE_ENV.map((name) => envNamed(context.container, name)).find((env) => env !== undefined);
  if (variable !== undefined) {
    const named = variable.value;
    const file = typeof named === 'string' && named !== '' ? posix.resolve(workingDir, named) : undefined;
    return file !== undefined && file === mountedFile ? [] : [{
      setting: `${describeObject(context.statefulSet)} env ${variable.name}`,
      rule: `must name the path where ${describeObject(context.configMap)} mounts "${CONFIG_FILE_KEY}" (a relative path starts at the working directory): Pika reads only that file`,
      found: file ?? named ?? '<from a reference>',
      fix: mountedFile === undefined ? 'remove the patch that moves the config mount' : `set it to ${mountedFile}, or remove it`,
    }];
  }
  const discovered = [posix.join(workingDir, CONFIG_FILE_KEY), `/etc/${CONFIG_FILE_KEY}`];
  if (mountedFile !== undefined && discovered.includes(mountedFile)) {
    return [];
  }
  return [{
    setting: `${describeObject(context.statefulSet)} mount of ${describeObject(context.configMap)}`,
    rule: `must place "${CONFIG_FILE_KEY}" where Pika looks for it: ${discovered.join(' or ')} (the working directory, then /etc), or the path in CONFIG_FILE_PIKA or CONFIG_FILE`,
    found: mountedAt,
    fix: workingDir === '/' ? 'remove the patch that moves the config mount' : 'remove the patch that sets the container\'s workingDir, or the one that moves the config mount',
  }];
}

function checkDataPath(context: PikaCheckContext): Problem[] {
  const problems: Problem[] = [];
  const inMemory = configValue(context, 'storage.bw.in_memory');
  if (goBool(inMemory) === true) {
    problems.push({
      setting: configSetting(context, 'storage.bw.in_memory'),
      rule: 'must not be true: every restart would lose the member\'s data',
      found: inMemory,
      fix: 'remove storage.bw.in_memory from the raw config',
    });
  }
  const configured = configValue(context, 'storage.bw.path');
  // Pika resolves a relative path (its default is "data/pika") against its working directory.
  const path = posix.resolve(workingDirOf(context), typeof configured === 'string' ? configured : 'data/pika');
  const claims: string[] = listOf(context.statefulSet.spec?.volumeClaimTemplates).map((t: Manifest) => t.metadata?.name);
  const claimMounts: Manifest[] = listOf(context.container?.volumeMounts).filter((m: Manifest) => claims.includes(m.name));
  if (!claimMounts.some((m) => isWithin(path, m.mountPath))) {
    problems.push({
      setting: configSetting(context, 'storage.bw.path'),
      rule: `must lie under the mount of a volumeClaimTemplate (${listNames(claimMounts.map((m) => m.mountPath)) || 'none mounted'}), or the data is lost with the pod`,
      found: configured ?? `(Pika default) data/pika, that is ${path}`,
      fix: 'remove storage.bw.path from the raw config; the construct stores data under /data',
    });
  }
  return problems;
}
