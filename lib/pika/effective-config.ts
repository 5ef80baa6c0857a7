import { normalizeBasePath } from './base-path';
import { ConfigTree, valueAt } from '../common/config-document';
import { goBool } from '../common/go-bool';

/** Pika's HTTP port when pika.yaml names none. */
export const PIKA_DEFAULT_HTTP_PORT = 8080;

/**
 * What Pika will use, read from its final pika.yaml: the one reader of "which port, which
 * scheme, which base path" for the synth checks and the integrations.
 */
export class PikaEffectiveConfig {
  constructor(public readonly tree: ConfigTree) {}

  /** The value at a dotted pika.yaml path, or `undefined`. */
  public value(path: string): unknown {
    return valueAt(this.tree, path);
  }

  /** The HTTP port: `server.port` (a number or numeric string), else Pika's default; `undefined` when unreadable. */
  public httpPort(): number | undefined {
    const configured = this.value('server.port');
    return configured === undefined ? PIKA_DEFAULT_HTTP_PORT : portNumber(configured);
  }

  /** Whether the HTTP listener serves TLS: Pika does unless `server.tls.enabled` reads as false. */
  public tlsEnabled(): boolean {
    return goBool(this.value('server.tls.enabled')) !== false;
  }

  /** `https` or `http`, as the HTTP listener serves. */
  public scheme(): 'http' | 'https' {
    return this.tlsEnabled() ? 'https' : 'http';
  }

  /** The prefix Pika serves under, normalised as Pika does (`''` for the root or a non-string). */
  public basePath(): string {
    const raw = this.value('server.base_path');
    return typeof raw === 'string' ? normalizeBasePath('', raw).normalized : '';
  }
}

/** A port as Pika decodes it: numbers and numeric strings both work; `undefined` otherwise. */
export function portNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 1 && number <= 65535 ? number : undefined;
}
