import { PIKO_VERSION } from './version';
import { ConfigTree, isPlainObject, valueAt } from '../common/config-document';
import { parseGoDuration } from '../common/go-duration';
import { Problem } from '../common/problems';

// The keys of server.yaml in the Piko release of version.ts (server/config, pkg/auth, pkg/gossip,
// pkg/log). Piko decodes the file with KnownFields(true): an unknown key, or a value of the wrong
// type, stops it at start. Checking the final file against this schema moves that failure to synth.

type FieldType = 'string' | 'bool' | 'int' | 'uint32' | 'float' | 'duration' | 'string-list';
export interface Schema { readonly [key: string]: FieldType | Schema | ListOf }
interface ListOf { readonly listOf: Schema }

const AUTH: Schema = {
  hmac_secret_key: 'string',
  rsa_public_key: 'string',
  ecdsa_public_key: 'string',
  audience: 'string',
  issuer: 'string',
  disable_disconnect_on_expiry: 'bool',
  jwks: { endpoint: 'string', cache_ttl: 'duration', timeout: 'duration' },
};

const TLS: Schema = {
  cert: 'string',
  key: 'string',
  client_cas: 'string',
  client: { cert: 'string', key: 'string', root_cas: 'string', insecure_skip_verify: 'bool', server_name: 'string' },
};

export const HEADER_FILTER: Schema = { allow_list: 'string-list', block_list: 'string-list' };

/** The flow control of the streams between agents and servers (v0.10.0), the same on both sides. */
export const STREAM: Schema = { max_window_size: 'uint32' };

export const PIKO_CONFIG_SCHEMA: Schema = {
  proxy: {
    bind_addr: 'string',
    advertise_addr: 'string',
    timeout: 'duration',
    access_log: { level: 'string', request_headers: HEADER_FILTER, response_headers: HEADER_FILTER, disable: 'bool' },
    http: { read_timeout: 'duration', read_header_timeout: 'duration', write_timeout: 'duration', idle_timeout: 'duration', max_header_bytes: 'int' },
    auth: AUTH,
    tls: TLS,
  },
  upstream: {
    bind_addr: 'string',
    advertise_addr: 'string',
    auth: AUTH,
    rebalance: { threshold: 'float', shed_rate: 'float', min_conns: 'int' },
    tls: TLS,
    tenants: { listOf: { id: 'string', auth: AUTH } },
  },
  admin: { bind_addr: 'string', advertise_addr: 'string', auth: AUTH, tls: TLS },
  cluster: {
    node_id: 'string',
    node_id_prefix: 'string',
    join: 'string-list',
    join_timeout: 'duration',
    abort_if_join_fails: 'bool',
    gossip: { bind_addr: 'string', advertise_addr: 'string', interval: 'duration', max_packet_size: 'int' },
  },
  stream: STREAM,
  log: { level: 'string', subsystems: 'string-list' },
  grace_period: 'duration',
};

/** Every key Piko would refuse and every value of the wrong type, named by its dotted path. */
export function checkPikoConfigKeys(tree: ConfigTree, settingOf: (path: string) => string): Problem[] {
  return checkConfigKeys(tree, PIKO_CONFIG_SCHEMA, settingOf, `Piko ${PIKO_VERSION}`);
}

/** Piko's smallest stream window, and its default: 256 KiB. */
export const MIN_STREAM_WINDOW_BYTES = 256 * 1024;

/**
 * A stream window below the minimum stops Piko (server and agent) at start; the schema check
 * answers for its type.
 */
export function checkStreamWindow(tree: ConfigTree, settingOf: (path: string) => string): Problem[] {
  const size = valueAt(tree, 'stream.max_window_size');
  // A negative or fractional size is the schema check's: Piko fails to read it at all.
  if (!Number.isInteger(size) || (size as number) < 0 || (size as number) >= MIN_STREAM_WINDOW_BYTES) {
    return [];
  }
  return [{
    setting: settingOf('stream.max_window_size'),
    rule: `must be at least ${MIN_STREAM_WINDOW_BYTES} bytes (256 KiB): Piko refuses a smaller stream window at start`,
    found: size,
    fix: `raise it to ${MIN_STREAM_WINDOW_BYTES} or more, or remove the key for the default of ${MIN_STREAM_WINDOW_BYTES}`,
  }];
}

/** The same check for any of Piko's config files: `reader` is the program that reads it. */
export function checkConfigKeys(tree: ConfigTree, schema: Schema, settingOf: (path: string) => string, reader: string): Problem[] {
  return checkTree(tree, schema, '', { settingOf, reader });
}

interface Reporting {
  readonly settingOf: (path: string) => string;
  readonly reader: string;
}

function checkTree(tree: ConfigTree, schema: Schema, prefix: string, reporting: Reporting): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const expected = schema[key];
    if (expected === undefined) {
      problems.push({
        setting: reporting.settingOf(path),
        rule: `is not a key ${reporting.reader} knows (${prefix === '' ? 'top level' : prefix}: ${Object.keys(schema).join(', ')}); Piko refuses unknown keys at start`,
        found: key,
        fix: path === 'usage' || path.startsWith('usage.') ? 'remove it: v0.9.0 dropped usage reporting and its key' : 'remove or correct the key in the raw config',
      });
    } else if (value !== null) {
      problems.push(...checkValue(value, expected, path, reporting));
    }
  }
  return problems;
}

function checkValue(value: unknown, expected: FieldType | Schema | ListOf, path: string, reporting: Reporting): Problem[] {
  const settingOf = reporting.settingOf;
  if (typeof expected === 'string') {
    return matchesType(value, expected) ? [] : [{
      setting: settingOf(path),
      rule: `must be ${TYPE_NAMES[expected]}`,
      found: value,
      fix: expected === 'duration' ? 'write a quoted Go duration such as "30s" or "1m"' : `write ${TYPE_NAMES[expected]}`,
    }];
  }
  if (isListOf(expected)) {
    if (!Array.isArray(value)) {
      return [{ setting: settingOf(path), rule: 'must be a list of entries', found: value, fix: 'write it as a YAML list' }];
    }
    return value.flatMap((entry, index) => (isPlainObject(entry)
      ? checkTree(entry, expected.listOf, `${path}[${index}]`, reporting)
      : [{ setting: settingOf(`${path}[${index}]`), rule: 'must be a map', found: entry, fix: 'write each entry as a map of keys' }]));
  }
  return isPlainObject(value)
    ? checkTree(value, expected, path, reporting)
    : [{ setting: settingOf(path), rule: 'must be a map of keys', found: value, fix: `use the keys ${Object.keys(expected).join(', ')}` }];
}

const TYPE_NAMES: { [type in FieldType]: string } = {
  'string': 'a string',
  'bool': 'true or false',
  'int': 'a whole number',
  'uint32': 'a whole number from 0 to 4294967295',
  'float': 'a number',
  'duration': 'a Go duration string',
  'string-list': 'a list of strings',
};

function matchesType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'bool': return typeof value === 'boolean';
    case 'int': return Number.isInteger(value);
    case 'uint32': return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
    case 'float': return typeof value === 'number' && Number.isFinite(value);
    case 'duration': return typeof value === 'string' && parseGoDuration(value) !== undefined;
    case 'string-list': return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

function isListOf(value: Schema | ListOf): value is ListOf {
  return 'listOf' in value && typeof value.listOf === 'object';
}
