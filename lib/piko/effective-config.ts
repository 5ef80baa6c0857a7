import { PikoKeyKind } from './auth';
import { expandResolvable } from './env-expansion';
import { Listener, LISTENERS } from './pod-layout';
import { ConfigTree, isPlainObject, valueAt } from '../common/config-document';
import { Manifest } from '../common/manifest-view';

/** Piko's own defaults for the bind ports, when server.yaml names none. */
export const PIKO_DEFAULT_PORTS = { proxy: 8000, upstream: 8001, admin: 8002, gossip: 8003 } as const;
const BIND_ADDRESS_KEYS = { proxy: 'proxy.bind_addr', upstream: 'upstream.bind_addr', admin: 'admin.bind_addr', gossip: 'cluster.gossip.bind_addr' } as const;
const KEY_KINDS = Object.values(PikoKeyKind);

/** The CLI flag prefix that sets each kind of key, by listener: `--proxy.auth.rsa-public-key=`. */
const KEY_FLAG_PREFIXES = new Map(LISTENERS.map((listener) => [
  listener,
  KEY_KINDS.map((kind): [PikoKeyKind, string] => [kind, `--${listener}.auth.${kind.replace(/_/g, '-')}=`]),
]));

/** A port Piko binds: one of the three listeners, or gossip. */
export type PikoPortName = keyof typeof PIKO_DEFAULT_PORTS;

/**
 * What a Piko node will use, read from its final server.yaml, its container's env and its args:
 * the one reader of "which port, TLS or not, auth or not" for the synth checks and the
 * integrations. Piko expands env references in the file before it reads it, and so does this
 * reader, wherever the synth can know the variable's value (env-expansion.ts).
 */
export class PikoEffectiveConfig {
  private readonly expanded: ConfigTree;
  private readonly args: readonly string[];

  /** `tree` is server.yaml as written; `container` the Piko container, whose env and args it reads. */
  constructor(tree: ConfigTree, container?: Manifest) {
    this.expanded = expandResolvable(tree, container);
    const args = container?.args;
    this.args = Array.isArray(args) ? args : [];
  }

  /**
   * The value at a dotted server.yaml path as Piko reads it, or `undefined`: a reference to what
   * only the pod knows (a Secret, a field reference) stays as written.
   */
  public value(path: string): unknown {
    return valueAt(this.expanded, path);
  }

  /** The port bound for `name`: from its bind address, else Piko's default; `undefined` when unreadable. */
  public port(name: PikoPortName): number | undefined {
    const address = this.value(BIND_ADDRESS_KEYS[name]);
    return address === undefined ? PIKO_DEFAULT_PORTS[name] : addressPort(address);
  }

  /**
   * Whether a listener serves TLS: Piko turns it on when `<listener>.tls.cert` or `.key` is set
   * (and refuses one without the other).
   */
  public tls(listener: Listener): boolean {
    return isSet(this.value(`${listener}.tls.cert`)) || isSet(this.value(`${listener}.tls.key`));
  }

  /** Whether a listener verifies tokens, from its config block or its key flags. */
  public auth(listener: Listener): boolean {
    const block = this.value(`${listener}.auth`);
    return (isPlainObject(block) && authBlockEnabled(block)) || this.keyFlags(listener).size > 0;
  }

  /** Keys a listener's auth gets from CLI flags (`--proxy.auth.rsa-public-key=$(VAR)`), by kind. */
  public keyFlags(listener: Listener): Map<PikoKeyKind, string> {
    const keys = new Map<PikoKeyKind, string>();
    for (const arg of this.args) {
      for (const [kind, prefix] of KEY_FLAG_PREFIXES.get(listener)!) {
        if (typeof arg === 'string' && arg.startsWith(prefix)) {
          keys.set(kind, arg.slice(prefix.length));
        }
      }
    }
    return keys;
  }
}

/** Whether an auth block verifies tokens: Piko enables auth when a key or a JWKS endpoint is set. */
export function authBlockEnabled(block: ConfigTree): boolean {
  return KEY_KINDS.some((kind) => isSet(block[kind])) || isSet(valueAt(block, 'jwks.endpoint'));
}

/** The port of a `host:port` address (`:8000`, `0.0.0.0:8000`, `[::]:8000`), or `undefined`. */
export function addressPort(address: unknown): number | undefined {
  const match = typeof address === 'string' ? /:([0-9]{1,5})$/.exec(address) : null;
  const port = match ? Number(match[1]) : NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Whether Piko reads a setting as given: a non-empty string (Go leaves "" as unset). */
export function isSet(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
