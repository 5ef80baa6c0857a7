import { describeObject, envNamed, isWithin, listOf, Manifest, volumeNamed } from '../../common/manifest-view';
import { Problem } from '../../common/problems';
import { CONFIG_FILE_KEY } from '../pod-layout';
import { configSetting, configValue, PikaCheckContext } from './context';

// Where Pika's loader looks for pika.yaml when CONFIG_FILE is unset: the working directory `/`
// (the image sets no WORKDIR), then /etc.
const DISCOVERED_CONFIG_PATHS = ['/pika.yaml', '/etc/pika.yaml'];

/** The config file reaches Pika, and the data lands on the member's own claim. */
export function checkStorage(context: PikaCheckContext): Problem[] {
  return [...checkConfigFile(context), ...checkDataPath(context)];
}

function checkConfigFile(context: PikaCheckContext): Problem[] {
  const setting = `${describeObject(context.configMap)} data`;
  if (typeof context.configMap.data?.[CONFIG_FILE_KEY] !== 'string') {
    return [{ setting, rule: `must hold the key "${CONFIG_FILE_KEY}"`, found: Object.keys(context.configMap.data ?? {}), fix: 'remove the patch that renames or drops the key' }];
  }
  const mounts: Manifest[] = context.container?.volumeMounts ?? [];
  const configMounts = mounts.filter((m) => volumeNamed(context.statefulSet, m.name)?.configMap?.name === context.configMap.metadata?.name);
  const mountedFile = configMounts.find((m) => m.subPath === CONFIG_FILE_KEY);
  const configFileEnv = envNamed(context.container, 'CONFIG_FILE')?.value;
  const found = configFileEnv ?? mountedFile?.mountPath;
  const discovered = configFileEnv === undefined
    ? DISCOVERED_CONFIG_PATHS.includes(mountedFile?.mountPath)
    : configFileEnv === mountedFile?.mountPath;
  if (mountedFile !== undefined && discovered) {
    return [];
  }
  return [{
    setting: `${describeObject(context.statefulSet)} mount of ${describeObject(context.configMap)}`,
    rule: `must place "${CONFIG_FILE_KEY}" where Pika reads it: ${DISCOVERED_CONFIG_PATHS.join(' or ')}, or the path in CONFIG_FILE`,
    found,
    fix: 'remove the patch that moves the config mount',
  }];
}

function checkDataPath(context: PikaCheckContext): Problem[] {
  const problems: Problem[] = [];
  const inMemory = configValue(context, 'storage.bw.in_memory');
  if (inMemory === true) {
    problems.push({
      setting: configSetting(context, 'storage.bw.in_memory'),
      rule: 'must not be true: every restart would lose the member\'s data',
      found: inMemory,
      fix: 'remove storage.bw.in_memory from the raw config',
    });
  }
  const configured = configValue(context, 'storage.bw.path');
  // Pika resolves a relative path (its default is "data/pika") against its working directory, "/".
  const path = typeof configured === 'string' ? (configured.startsWith('/') ? configured : `/${configured}`) : '/data/pika';
  const claims: string[] = listOf(context.statefulSet.spec?.volumeClaimTemplates).map((t: Manifest) => t.metadata?.name);
  const claimMounts: Manifest[] = listOf(context.container?.volumeMounts).filter((m: Manifest) => claims.includes(m.name));
  if (!claimMounts.some((m) => isWithin(path, m.mountPath))) {
    problems.push({
      setting: configSetting(context, 'storage.bw.path'),
      rule: `must lie under the mount of a volumeClaimTemplate (${claimMounts.map((m) => m.mountPath).join(', ') || 'none mounted'}), or the data is lost with the pod`,
      found: configured ?? '(Pika default) data/pika',
      fix: 'remove storage.bw.path from the raw config; the construct stores data under /data',
    });
  }
  return problems;
}
