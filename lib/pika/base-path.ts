import { Problem } from '../common/problems';

/** Result of reading `server.base_path` the way Pika reads it. */
export interface BasePathResult {
  /** The normalised path: `""` for the root, otherwise `/a/b` without a trailing slash. */
  readonly normalized: string;
  readonly problem?: Problem;
}

/**
 * Pika normalises `server.base_path` at start and exits on a value it rejects; the same rules
 * here fail the synth instead: trimmed, `""` or `/` for the root, a leading `/`, no query or
 * fragment, no whitespace, no empty segments, trailing slashes dropped.
 */
export function normalizeBasePath(setting: string, raw: string): BasePathResult {
  const value = raw.trim();
  if (value === '' || value === '/') {
    return { normalized: '' };
  }
  const trimmed = value.replace(/\/+$/, '');
  const rule = (text: string, fix: string): BasePathResult => ({
    normalized: trimmed,
    problem: { setting, rule: text, found: raw, fix },
  });
  if (!value.startsWith('/')) {
    return rule('must start with "/"', `write it as "/${value}"`);
  }
  if (/[?#]/.test(value)) {
    return rule('must be a path without query or fragment', 'remove everything from "?" or "#" on');
  }
  if (/\s/.test(value)) {
    return rule('must not contain whitespace', 'remove the spaces or encode them in the route, not in base_path');
  }
  if (trimmed.includes('//')) {
    return rule('must not contain empty path segments ("//")', 'collapse the repeated slashes');
  }
  return { normalized: trimmed };
}
