import { Problem } from './problems';

// Format rules of the Kubernetes API server (k8s.io/apimachinery/pkg/util/validation), checked
// before synth so a bad value fails `cdk8s synth` instead of `kubectl apply`.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
// A Kubernetes resource quantity: a decimal number and an optional SI, binary or exponent suffix.

/** A DNS-1123 label (RFC 1123): what Kubernetes requires of namespaces and pod host names. */
export function checkDnsLabel(setting: string, value: string, maxLength = 63): Problem | undefined {
  if (value.length > 0 && value.length <= maxLength && DNS_LABEL.test(value)) {
    return undefined;
  }
  return {
    setting,
    rule: `must be a DNS-1123 label of at most ${maxLength} characters: lowercase letters, digits and '-', starting and ending with a letter or digit`,
    found: value,
    fix: 'use a name such as "pika" or "config-store"',
  };
}

/** A DNS-1035 label: what Kubernetes requires of Service names (it must start with a letter). */
export function checkServiceName(setting: string, value: string, maxLength = 63): Problem | undefined {
  if (value.length > 0 && value.length <= maxLength && DNS_1035_LABEL.test(value)) {
    return undefined;
  }
  return {
    setting,
    rule: `must be a DNS-1035 label of at most ${maxLength} characters: lowercase letters, digits and '-', starting with a letter`,
    found: value,
    fix: 'use a name such as "pika" or "config-store"',
  };
}

/** A DNS-1123 subdomain: storage class names, Secret and priority class names, cluster domains. */
export function checkDnsSubdomain(setting: string, value: string, example: string): Problem | undefined {
  if (value.length > 0 && value.length <= 253 && DNS_SUBDOMAIN.test(value)) {
    return undefined;
  }
  return {
    setting,
    rule: 'must be a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', at most 253 characters',
    found: value,
    fix: `use a value such as "${example}"`,
  };
}

/** A key of a Secret's or ConfigMap's data. */
export function checkDataKey(setting: string, key: string, example: string): Problem | undefined {
  if (/^[-._a-zA-Z0-9]+$/.test(key)) {
    return undefined;
  }
  return { setting, rule: 'must be a data key: letters, digits, \'-\', \'_\' and \'.\'', found: key, fix: `use e.g. "${example}"` };
}

/** A TCP or UDP port number. */
export function checkPort(setting: string, value: number): Problem | undefined {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) {
    return undefined;
  }
  return { setting, rule: 'must be a whole number from 1 to 65535', found: value, fix: 'choose a free port in that range' };
}

/** Kubernetes' default --service-node-port-range, which the API server allocates node ports from. */
const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** A node port of a NodePort or LoadBalancer Service. */
export function checkNodePort(setting: string, value: number): Problem | undefined {
  if (Number.isInteger(value) && value >= NODE_PORT_RANGE.min && value <= NODE_PORT_RANGE.max) {
    return undefined;
  }
  return { setting, rule: `must be from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max}, Kubernetes' default node-port range`, found: value, fix: 'choose a port in that range, or leave nodePort unset for Kubernetes to assign one' };
}

/** An IANA service name: what Kubernetes requires of container and Service port names. */
export function checkPortName(setting: string, value: string): Problem | undefined {
  const valid = value.length >= 1 && value.length <= 15 && PORT_NAME.test(value)
    && !value.includes('--') && /[a-z]/.test(value);
  if (valid) {
    return undefined;
  }
  return {
    setting,
    rule: 'must be an IANA service name: at most 15 characters, lowercase letters, digits and single \'-\', with at least one letter',
    found: value,
    fix: 'use a short name such as "public" or "metrics"',
  };
}

/** A whole number within bounds, e.g. a replica count. */
export function checkWholeNumber(setting: string, value: number, min: number, fix: string, max: number = INT32_MAX): Problem | undefined {
  if (Number.isInteger(value) && value > max) {
    return { setting, rule: `must be at most ${max}, the largest value Kubernetes stores there`, found: value, fix };
  }
  if (Number.isInteger(value) && value >= min) {
    return undefined;
  }
  return { setting, rule: `must be a whole number of at least ${min}`, found: value, fix };
}

/** Kubernetes stores counts such as replicas as 32-bit integers. */
const INT32_MAX = 2 ** 31 - 1;

/** Label keys (with an optional DNS prefix) and values, as the API server checks them. */
export function checkLabels(setting: string, labels: { [key: string]: string }): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      problems.push({
        setting: `${setting} key`,
        rule: 'must be a qualified name: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\'',
        found: key,
        fix: 'use a key such as "team" or "example.com/team"',
      });
    }
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push({
        setting: `${setting} "${key}"`,
        rule: 'must be a label value: at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit',
        found: value,
        fix: 'shorten the value or replace the characters Kubernetes does not allow',
      });
    }
  }
  return problems;
}

/** Annotation keys follow the label-key rule; values are free text. */
export function checkAnnotationKeys(setting: string, annotations: { [key: string]: string }): Problem[] {
  return Object.keys(annotations)
    .filter((key) => !isQualifiedName(key))
    .map((key) => ({
      setting: `${setting} key`,
      rule: 'must be a qualified name: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\'',
      found: key,
      fix: 'use a key such as "example.com/owner"',
    }));
}

/** Environment variable names as the API server accepts them. */
export function checkEnvName(setting: string, name: string): Problem | undefined {
  if (ENV_NAME.test(name)) {
    return undefined;
  }
  return {
    setting,
    rule: 'must be a valid environment variable name: letters, digits, \'_\', \'-\' and \'.\', not starting with a digit',
    found: name,
    fix: 'use a name such as "HTTP_PROXY"',
  };
}

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) {
    return false;
  }
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return false;
  }
  return name.length <= 63 && LABEL_NAME.test(name);
}
