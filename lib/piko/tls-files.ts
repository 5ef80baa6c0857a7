import { isSet } from './effective-config';
import { holdsReference } from './env-expansion';
import { isInMountedVolume, Manifest } from '../common/manifest-view';
import { Problem } from '../common/problems';

// Piko's server and agent treat a `tls` block's files alike: a certificate is loaded only with its
// key, and every file is read at start. These rules serve the server's listener and peer blocks
// and the agent's `connect.tls`, each with its own reasons and fixes.

/** One Piko config file as the TLS rules read it. */
export interface TlsConfigView {
  /** A value of the config as Piko reads it, after env expansion where the synth can know it. */
  readonly value: (path: string) => unknown;
  /** How a problem names a setting of the file: `ConfigMap "piko" server.yaml <path>`. */
  readonly setting: (path: string) => string;
  /** The container that reads the files, if a patch has not removed it. */
  readonly container: Manifest | undefined;
  /** Who reads the files, as a message says it: "Piko", "the agent". */
  readonly reader: string;
}

/** What a program does with a block's cert alone, and with its key alone. */
export interface UnpairedConsequences {
  readonly certAlone: string;
  readonly keyAlone: string;
}

/** A block's cert and key come together; the problem gives the consequence of the half that is there. */
export function checkCertificatePair(config: TlsConfigView, path: string, consequences: UnpairedConsequences, fix: string): Problem[] {
  const cert = isSet(config.value(`${path}.cert`));
  const key = isSet(config.value(`${path}.key`));
  if (cert === key) {
    return [];
  }
  const [missing, given] = cert ? ['key', 'cert'] : ['cert', 'key'];
  return [{
    setting: config.setting(`${path}.${missing}`),
    rule: `must be set together with ${path}.${given}: ${cert ? consequences.certAlone : consequences.keyAlone}`,
    found: undefined,
    fix,
  }];
}

/** Each named file of a block lies in a volume the container mounts; `fix` says how, per file. */
export function checkFilesMounted(config: TlsConfigView, path: string, files: readonly string[], fix: (file: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const file of files) {
    const value = config.value(`${path}.${file}`);
    // A path only the pod can expand is not judged.
    if (isSet(value) && !holdsReference(value) && !isInMountedVolume(config.container, value as string)) {
      problems.push({
        setting: config.setting(`${path}.${file}`),
        rule: `must lie in a mounted volume: ${config.reader} reads it at start and exits when it is missing`,
        found: value,
        fix: fix(file),
      });
    }
  }
  return problems;
}
