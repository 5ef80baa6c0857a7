// How messages show values: what was found, and names read from final objects.

/** Renders a found value for a message: strings quoted, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  return JSON.stringify(value);
}

/**
 * How a setting or rule quotes a name read from a final object (a volume's, a port's, an
 * object's): `"config"`; a JSON patch may have left something else there, which is shown as found
 * (`42`, `{}`), shortened, so the message never reads "undefined" or "[object Object]".
 */
export function quoteName(name: unknown): string {
  if (typeof name === 'string') {
    return `"${name}"`;
  }
  if (name === undefined) {
    return '<no name>';
  }
  const text = formatValue(name);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * A list of names for a rule, `config, tmp, data`: strings bare, as they read best in a list; what
 * a patch left in place of one quoted as quoteName does.
 */
export function listNames(names: readonly unknown[]): string {
  return names.map((name) => (typeof name === 'string' ? name : quoteName(name))).join(', ');
}
