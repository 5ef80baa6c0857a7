import { describeObject, Manifest } from './manifest-view';
import { Problem } from './problems';

// The Gateway API's CRD holds an HTTPRoute's references and matches to formats of its own, which
// the API server enforces: a patch that writes a parent's group with a comma, a negative weight or
// a lower-case path type is refused by `kubectl apply`. The fields the library writes are held to
// those formats at synth (each as the CRD pins it, in crds/gateway.networking.k8s.io_httproutes.yaml).

interface FieldFormat {
  readonly what: string;
  readonly valid: (value: unknown) => boolean;
}

const pattern = (regex: RegExp, maxLength: number) => (value: unknown) => typeof value === 'string' && value.length <= maxLength && regex.test(value);
const integer = (min: number, max: number) => (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const GROUP: FieldFormat = { what: 'an API group (empty, or a DNS subdomain)', valid: pattern(/^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 253) };
const KIND: FieldFormat = { what: 'a kind (letters, digits and dashes, starting with a letter)', valid: pattern(/^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/, 63) };
const NAMESPACE: FieldFormat = { what: 'a namespace (a DNS label)', valid: pattern(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 63) };
const SECTION: FieldFormat = { what: 'a section name (a DNS subdomain)', valid: pattern(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 253) };
const PORT: FieldFormat = { what: 'a port number from 1 to 65535', valid: integer(1, 65535) };
const WEIGHT: FieldFormat = { what: 'a whole number from 0 to 1000000', valid: integer(0, 1000000) };
const PATH_TYPE: FieldFormat = { what: 'one of Exact, PathPrefix, RegularExpression', valid: (value) => ['Exact', 'PathPrefix', 'RegularExpression'].includes(value as string) };

const REFERENCE: { [field: string]: FieldFormat } = { group: GROUP, kind: KIND, namespace: NAMESPACE, port: PORT };

function listOf(value: unknown): Manifest[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : [];
}

/** Each field of the route's references and path matches that its CRD's format refuses. */
export function checkRouteFields(route: Manifest): Problem[] {
  const problems: Problem[] = [];
  const check = (object: Manifest, at: string, formats: { [field: string]: FieldFormat }) => {
    for (const [field, format] of Object.entries(formats)) {
      const value = object[field];
      if (value !== undefined && !format.valid(value)) {
        problems.push({
          setting: `${describeObject(route)} ${at}.${field}`,
          rule: `must be ${format.what}: the Gateway API's CRD refuses any other value`,
          found: value,
          fix: 'fix or remove the patch that writes the field',
        });
      }
    }
  };
  listOf(route.spec?.parentRefs).forEach((parent, i) => check(parent, `spec.parentRefs[${i}]`, { ...REFERENCE, sectionName: SECTION }));
  listOf(route.spec?.rules).forEach((rule, i) => {
    listOf(rule.backendRefs).forEach((backend, j) => check(backend, `spec.rules[${i}].backendRefs[${j}]`, { ...REFERENCE, weight: WEIGHT }));
    listOf(rule.matches).forEach((match, j) => {
      if (typeof match.path === 'object' && match.path !== null) {
        check(match.path, `spec.rules[${i}].matches[${j}].path`, { type: PATH_TYPE });
      }
    });
  });
  return problems;
}
