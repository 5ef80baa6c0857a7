import { SecretFromStoreOptions } from '../common/external-secret';
import { guardFactories } from '../common/factory-arguments';
import { parseImageReference } from '../common/image-reference';
import { Problem } from '../common/problems';

/**
 * The newest Pika release known not to read `encryption.password`: v0.3.0 is the release
 * upstream's Kubernetes guide pins, and the config of that bundle has no `encryption` key. The
 * key arrived in a later release; auto-unlock is refused for images at or below this version.
 */
export const LAST_RELEASE_WITHOUT_AUTO_UNLOCK = 'v0.3.0';

/** The env var Pika reads `encryption.password` from. */
export const PASSPHRASE_ENV = 'PIKA_ENCRYPTION_PASSWORD';

/** The unauthenticated status route: `{"initialized":bool,"unlocked":bool}`, 200 either way. */
export const KEY_STATUS_PATH = '/api/v1/key/status';

/** Where the passphrase comes from, after defaults. */
export interface BoundPassphrase {
  readonly secretName: string;
  readonly key: string;
  /** Set when an ExternalSecret the construct renders writes the Secret. */
  readonly externalSecret?: SecretFromStoreOptions;
}

/**
 * The at-rest encryption passphrase. It reaches the pod only as `PIKA_ENCRYPTION_PASSWORD`
 * through a secretKeyRef: never in the ConfigMap, never as a literal env value.
 */
export class PikaPassphrase {
  /**
   * Read the passphrase from an existing Secret.
   * @param secretName name of the Secret in the cluster's namespace
   * @param key key inside the Secret
   */
  public static fromSecret(secretName: string, key: string = 'passphrase'): PikaPassphrase {
    return new PikaPassphrase(() => ({ secretName, key }));
  }

  /**
   * Read the passphrase from an External Secrets store: the construct renders an ExternalSecret
   * writing the Secret `<name>-encryption` (key `passphrase`).
   * @param options the store and the remote key to read
   */
  public static fromExternalSecret(options: SecretFromStoreOptions): PikaPassphrase {
    return new PikaPassphrase((clusterName) => ({ secretName: `${clusterName}-encryption`, key: 'passphrase', externalSecret: options }));
  }

  private constructor(private readonly bind: (clusterName: string) => BoundPassphrase) {}

  /** @internal */
  public _bind(clusterName: string): BoundPassphrase {
    return this.bind(clusterName);
  }
}
guardFactories(PikaPassphrase);

/** Options of manual unlocking. */
export interface PikaManualUnlockOptions {
  /**
   * Replace the readiness probe with an unlock-aware gate: a member is ready only when its store
   * is not encrypted or is unlocked, so a locked member takes no traffic (it would answer 503).
   * A locked member then also holds up an ordered start and a rolling update until it is
   * unlocked; see the README's runbook.
   * @default false - ready as soon as Pika listens, as upstream's bundle
   */
  readonly readinessGate?: boolean;
}

/** Options of auto-unlocking. */
export interface PikaAutoUnlockOptions {
  /** The passphrase every member unlocks (or, on a fresh store, initialises) encryption with. */
  readonly passphrase: PikaPassphrase;
  /**
   * The unlock-aware readiness gate, which keeps a member whose passphrase is wrong (it stays
   * locked) out of the Services.
   * @default true
   */
  readonly readinessGate?: boolean;
}

/** Encryption settings after defaults. */
export interface BoundEncryption {
  readonly readinessGate: boolean;
  /** Set for auto-unlock. */
  readonly passphrase?: BoundPassphrase;
}

/**
 * How members come out of the locked state at-rest encryption puts them in after every restart.
 */
export class PikaEncryption {
  /**
   * An operator unlocks each member after every restart (upstream's behaviour). In a cluster the
   * unlock request is forwarded to the leader, so followers may not be unlockable by hand:
   * prefer auto-unlock for more than one member.
   * @param options whether members wait unready until unlocked
   */
  public static manualUnlock(options: PikaManualUnlockOptions = {}): PikaEncryption {
    return new PikaEncryption(() => ({ readinessGate: options.readinessGate ?? false }));
  }

  /**
   * Each member unlocks itself at start with a passphrase from a Secret
   * (`PIKA_ENCRYPTION_PASSWORD`). Needs a Pika release newer than v0.3.0.
   * @param options where the passphrase comes from
   */
  public static autoUnlock(options: PikaAutoUnlockOptions): PikaEncryption {
    return new PikaEncryption((clusterName) => ({ readinessGate: options.readinessGate ?? true, passphrase: options.passphrase._bind(clusterName) }));
  }

  private constructor(private readonly bind: (clusterName: string) => BoundEncryption) {}

  /** @internal */
  public _bind(clusterName: string): BoundEncryption {
    return this.bind(clusterName);
  }
}
guardFactories(PikaEncryption);

/**
 * The readiness gate's command: BusyBox `wget` and `grep` from the Alpine image (it has neither
 * curl nor jq). It passes when the store is not initialised or is unlocked; an unreachable server
 * fails it too. The status route is exempt from auth and from the lock. No `wget -T`: some BusyBox
 * builds crash on it, and the kubelet enforces the probe's timeoutSeconds on exec probes.
 */
export function unlockGateCommand(port: number, basePath: string, tls: boolean): string[] {
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}${basePath}${KEY_STATUS_PATH}`;
  const fetch = `wget -q ${tls ? '--no-check-certificate ' : ''}-O - ${url}`;
  return ['sh', '-c', `${fetch} | grep -Eq '"initialized": *false|"unlocked": *true'`];
}

/** What the gate's command fetches, read back from a rendered probe; `undefined` if it is not ours. */
export function parseUnlockGate(command: unknown): { scheme: string; port: number; path: string; acceptsUnlocked: boolean } | undefined {
  const script = Array.isArray(command) && command[0] === 'sh' && command[1] === '-c' ? command[2] : undefined;
  const match = typeof script === 'string' ? /(https?):\/\/127\.0\.0\.1:(\d+)(\S*) \|/.exec(script) : null;
  if (match === null) {
    return undefined;
  }
  return { scheme: match[1], port: Number(match[2]), path: match[3], acceptsUnlocked: script.includes('"unlocked": *true') };
}

/**
 * Auto-unlock needs an image that reads `encryption.password`: a release newer than v0.3.0 is
 * accepted, an older one refused, and a tag that is no version (or a digest) only warned about.
 */
export function checkAutoUnlockImage(setting: string, image: string): { problem?: Problem; warning?: Problem } {
  const tag = parseImageReference(image).tag;
  const version = tag === undefined ? undefined : /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(tag);
  const last = /^v(\d+)\.(\d+)\.(\d+)$/.exec(LAST_RELEASE_WITHOUT_AUTO_UNLOCK)!;
  if (version === null || version === undefined) {
    return {
      warning: {
        setting,
        rule: `cannot be checked for auto-unlock support: it is not a version tag, and only releases newer than ${LAST_RELEASE_WITHOUT_AUTO_UNLOCK} read PIKA_ENCRYPTION_PASSWORD`,
        found: image,
        fix: 'make sure the image is a newer release, or members stay locked after every restart',
      },
    };
  }
  const compare = [1, 2, 3].map((i) => Number(version[i]) - Number(last[i])).find((d) => d !== 0) ?? 0;
  if (compare > 0) {
    return {};
  }
  return {
    problem: {
      setting,
      rule: `must be a Pika release newer than ${LAST_RELEASE_WITHOUT_AUTO_UNLOCK} for auto-unlock: older releases ignore PIKA_ENCRYPTION_PASSWORD and every member stays locked`,
      found: image,
      fix: 'set image to a newer release, or use PikaEncryption.manualUnlock()',
    },
  };
}
