// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a decimal number and an
// optional suffix, binary SI (Ki … Ei), decimal SI (m, k, M … E) or an exponent (e3). Parsed only
// far enough to compare a request with its limit: a float is exact enough for that.

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX_FACTORS: { readonly [suffix: string]: number } = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity as the JSON holds it (a string, or a number from Quantity.fromNumber), or undefined. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
  if (match === null) {
    return undefined;
  }
  const [, number, suffix] = match;
  const factor = suffix === undefined ? 1 : SUFFIX_FACTORS[suffix] ?? 10 ** Number(suffix.slice(1));
  const parsed = Number(number) * factor;
  return Number.isFinite(parsed) ? parsed : undefined;
}
