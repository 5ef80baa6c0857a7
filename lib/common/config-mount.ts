import { posix } from 'path';
import { listOf, Manifest, volumeNamed } from './manifest-view';

// Where a key of a ConfigMap appears in a container's file system: each mount of a volume of that
// ConfigMap puts it at `<mountPath>/<item path>` (the key itself when the volume lists no items),
// or, with a subPath equal to the item path, at the mountPath itself. A patch of a mount's path,
// subPath or the volume's items moves the file, and the server then starts on no config at all.

/** Every path at which `container` sees key `key` of the ConfigMap named `configMapName`. */
export function configFileLocations(workload: Manifest, container: Manifest | undefined, configMapName: unknown, key: string): string[] {
  return listOf(container?.volumeMounts).flatMap((mount) => {
    const source = volumeNamed(workload, mount.name)?.configMap;
    if (source?.name !== configMapName || typeof mount.mountPath !== 'string') {
      return [];
    }
    const items = listOf(source.items);
    const item = items.length === 0 ? key : items.find((i) => i.key === key)?.path;
    if (typeof item !== 'string') {
      return [];
    }
    if (mount.subPath === undefined || mount.subPath === '') {
      return [posix.join(mount.mountPath, item)];
    }
    return posix.normalize(mount.subPath) === posix.normalize(item) ? [posix.normalize(mount.mountPath)] : [];
  });
}

/** The value of the last `--flag value` or `--flag=value` in `args`: Go's flag parsers keep the last of repeated flags. */
export function lastFlagValue(args: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, index) => {
    if (arg === flag) {
      value = args[index + 1];
    } else if (arg.startsWith(`${flag}=`)) {
      value = arg.slice(flag.length + 1);
    }
  });
  return value;
}
