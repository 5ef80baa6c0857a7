import { ConfigTree, isPlainObject } from './config-document';

// A ConfigMap is not encrypted at rest and anyone who can read the namespace reads it, so no
// secret may sit in a rendered config file. Besides the keys the servers are known to read as
// secrets, a key is taken for a secret by its name (password, passphrase, secret, token, a
// private, API, access or encryption key, credentials), wherever it sits in the file: raw config
// can add keys the construct never renders, and a key the server ignores still leaks its value.

/** Words that make a key a secret on their own. */
const SECRET_WORDS = new Set(['password', 'passwords', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials']);

/** Words that make a key a secret when `key` follows them: `private_key`, `apiKey`. */
const KEY_QUALIFIERS = new Set(['private', 'api', 'access', 'security', 'encryption', 'signing', 'hmac', 'secret']);

/** Last words of keys that name or locate a secret rather than hold it: `token_file`, `secret_name`. */
const NOT_THE_SECRET = new Set(['file', 'path', 'dir', 'name', 'ref', 'env', 'id', 'url', 'endpoint', 'ttl', 'timeout', 'interval', 'length', 'enabled', 'header', 'type']);

/** The words of a key: `hmac_secret_key`, `apiKey` and `private-key` split alike. */
function wordsOf(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** Whether a key's name says its value is secret material. */
export function isSecretLookingKey(key: string): boolean {
  let secret = verdicts.get(key);
  if (secret === undefined) {
    const words = wordsOf(key);
    secret = words.length > 0 && !NOT_THE_SECRET.has(words[words.length - 1])
      && words.some((word, i) => SECRET_WORDS.has(word) || (word === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])));
    verdicts.set(key, secret);
  }
  return secret;
}

// Every cluster's files hold the same few dozen keys: each is split into words once.
const verdicts = new Map<string, boolean>();

/** A value under a secret-looking key: its path (`a.b[0].c`) and the value. */
export interface SecretLookingValue {
  readonly path: string;
  readonly value: string | number;
}

/**
 * Every non-empty string or number under a secret-looking key of `tree`, lists and nested maps
 * included (a map under such a key is searched on, as its own keys decide).
 */
export function secretLookingValues(tree: ConfigTree): SecretLookingValue[] {
  const found: SecretLookingValue[] = [];
  const visit = (value: unknown, path: string, secret: boolean) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, secret));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, path === '' ? key : `${path}.${key}`, isSecretLookingKey(key));
      }
    } else if (secret && ((typeof value === 'string' && value !== '') || typeof value === 'number')) {
      found.push({ path, value });
    }
  };
  visit(tree, '', false);
  return found;
}
