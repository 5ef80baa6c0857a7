import {
  checkAnnotationKeys,
  checkDnsLabel,
  checkDnsSubdomain,
  checkEnvName,
  checkLabels,
  checkPort,
  checkPortName,
  checkServiceName,
  checkWholeNumber,
} from '../../lib/common/kubernetes-formats';

const QUALIFIED_NAME_RULE = 'must be a qualified name: an optional DNS prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\'';

describe('checkDnsLabel', () => {
  test.each(['pika', 'config-store', 'a', '1abc', '0', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(checkDnsLabel('namespace', value)).toBeUndefined();
  });

  test.each(['', 'Pika', '-pika', 'pika-', 'pi_ka', 'pi.ka', 'pi ka', 'a'.repeat(64)])('rejects %j', (value) => {
    expect(checkDnsLabel('namespace', value)).toEqual({
      setting: 'namespace',
      rule: 'must be a DNS-1123 label of at most 63 characters: lowercase letters, digits and \'-\', starting and ending with a letter or digit',
      found: value,
      fix: 'use a name such as "pika" or "config-store"',
    });
  });

  test('applies a custom maximum length and names it in the rule', () => {
    expect(checkDnsLabel('name', 'a'.repeat(10), 10)).toBeUndefined();
    const problem = checkDnsLabel('name', 'a'.repeat(11), 10);
    expect(problem?.found).toBe('a'.repeat(11));
    expect(problem?.rule).toBe('must be a DNS-1123 label of at most 10 characters: lowercase letters, digits and \'-\', starting and ending with a letter or digit');
  });
});

describe('checkServiceName', () => {
  test.each(['pika', 'pika-1', 'a', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(checkServiceName('serviceName', value)).toBeUndefined();
  });

  test.each(['', '1abc', '1', 'Pika', '-pika', 'pika-', 'pi.ka', 'a'.repeat(64)])('rejects %j', (value) => {
    expect(checkServiceName('serviceName', value)).toEqual({
      setting: 'serviceName',
      rule: 'must be a DNS-1035 label of at most 63 characters: lowercase letters, digits and \'-\', starting with a letter',
      found: value,
      fix: 'use a name such as "pika" or "config-store"',
    });
  });

  test('applies a custom maximum length', () => {
    expect(checkServiceName('serviceName', 'abcde', 5)).toBeUndefined();
    expect(checkServiceName('serviceName', 'abcdef', 5)?.rule).toBe(
      'must be a DNS-1035 label of at most 5 characters: lowercase letters, digits and \'-\', starting with a letter',
    );
  });
});

describe('checkDnsSubdomain', () => {
  test.each(['cluster.local', 'fast-ssd', 'a', '1.2.3', 'a.b-c.d', 'a'.repeat(253)])('accepts %j', (value) => {
    expect(checkDnsSubdomain('storageClassName', value, 'fast-ssd')).toBeUndefined();
  });

  test.each(['', '.', 'a..b', '.a', 'a.', 'Fast-SSD', '-a.b', 'a-.b', 'a_b', 'a'.repeat(254)])('rejects %j', (value) => {
    expect(checkDnsSubdomain('storageClassName', value, 'fast-ssd')).toEqual({
      setting: 'storageClassName',
      rule: 'must be a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', at most 253 characters',
      found: value,
      fix: 'use a value such as "fast-ssd"',
    });
  });

  test('suggests the caller\'s example in the fix', () => {
    expect(checkDnsSubdomain('cluster.clusterDomain', 'Cluster.Local', 'cluster.local')?.fix).toBe('use a value such as "cluster.local"');
  });
});

describe('checkPort', () => {
  test.each([1, 80, 9221, 65535])('accepts %d', (value) => {
    expect(checkPort('port', value)).toBeUndefined();
  });

  test.each([0, -1, 65536, 70000, 80.5, NaN, Infinity])('rejects %d', (value) => {
    expect(checkPort('port', value)).toEqual({
      setting: 'port',
      rule: 'must be a whole number from 1 to 65535',
      found: value,
      fix: 'choose a free port in that range',
    });
  });
});

describe('checkPortName', () => {
  test.each(['http', 'public', 'h2c', 'metrics', 'a', 'a-b', 'a1', 'abcdefghijklmno'])('accepts %j', (value) => {
    expect(checkPortName('portName', value)).toBeUndefined();
  });

  test.each(['abcdefghijklmnop', 'Http', '-web', 'web-', 'a--b', '1234', '', 'we_b', 'we b'])('rejects %j', (value) => {
    expect(checkPortName('portName', value)).toEqual({
      setting: 'portName',
      rule: 'must be an IANA service name: at most 15 characters, lowercase letters, digits and single \'-\', with at least one letter',
      found: value,
      fix: 'use a short name such as "public" or "metrics"',
    });
  });

  test('the 16-character example really is 16 characters', () => {
    expect('abcdefghijklmnop').toHaveLength(16);
  });
});

describe('checkWholeNumber', () => {
  test.each([
    [1, 1],
    [3, 1],
    [0, 0],
    [5, 5],
  ])('accepts %d with minimum %d', (value, min) => {
    expect(checkWholeNumber('replicas', value, min, 'use 3')).toBeUndefined();
  });

  test.each([
    [0, 1],
    [-1, 0],
    [1.5, 1],
    [4, 5],
    [NaN, 1],
  ])('rejects %d with minimum %d and passes the caller\'s fix through', (value, min) => {
    expect(checkWholeNumber('replicas', value, min, 'use 3 replicas')).toEqual({
      setting: 'replicas',
      rule: `must be a whole number of at least ${min}`,
      found: value,
      fix: 'use 3 replicas',
    });
  });
});

describe('checkLabels', () => {
  test('accepts plain and prefixed keys with valid values, including an empty value', () => {
    expect(checkLabels('labels', {
      'team': 'storage',
      'app.kubernetes.io/name': 'pika',
      'example.com/tier': 'A_b.c-1',
      'empty': '',
      'x': 'a'.repeat(63),
      [`${'k'.repeat(63)}`]: 'v',
    })).toEqual([]);
  });

  test('accepts an empty label map', () => {
    expect(checkLabels('labels', {})).toEqual([]);
  });

  test.each([
    'a/b/c',
    '-team',
    'team-',
    'example.com/',
    '/team',
    'Example.com/team',
    'exa_mple.com/team',
    'te am',
    'k'.repeat(64),
    '',
  ])('rejects the key %j', (key) => {
    expect(checkLabels('labels', { [key]: 'ok' })).toEqual([{
      setting: 'labels key',
      rule: QUALIFIED_NAME_RULE,
      found: key,
      fix: 'use a key such as "team" or "example.com/team"',
    }]);
  });

  test.each(['-bad', 'bad-', 'with space', 'a/b', 'v'.repeat(64)])('rejects the value %j and names its key', (value) => {
    expect(checkLabels('labels', { team: value })).toEqual([{
      setting: 'labels "team"',
      rule: 'must be a label value: at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit',
      found: value,
      fix: 'shorten the value or replace the characters Kubernetes does not allow',
    }]);
  });

  test('reports a bad key and a bad value of the same entry, key first, and every bad entry', () => {
    const problems = checkLabels('podLabels', { '-k': '-v', 'good': 'fine', 'other': 'x y' });
    expect(problems.map((p) => [p.setting, p.found])).toEqual([
      ['podLabels key', '-k'],
      ['podLabels "-k"', '-v'],
      ['podLabels "other"', 'x y'],
    ]);
  });
});

describe('checkAnnotationKeys', () => {
  test('accepts qualified keys regardless of the values', () => {
    expect(checkAnnotationKeys('annotations', {
      'example.com/owner': 'Free text, with spaces / slashes and "quotes"',
      'note': '',
      'prometheus.io/scrape': 'true',
    })).toEqual([]);
  });

  test('reports every bad key in order with the annotation-specific fix', () => {
    expect(checkAnnotationKeys('annotations', { 'a/b/c': 'x', 'fine': 'y', 'Bad.Prefix/x': 'z' })).toEqual([
      { setting: 'annotations key', rule: QUALIFIED_NAME_RULE, found: 'a/b/c', fix: 'use a key such as "example.com/owner"' },
      { setting: 'annotations key', rule: QUALIFIED_NAME_RULE, found: 'Bad.Prefix/x', fix: 'use a key such as "example.com/owner"' },
    ]);
  });
});

describe('checkEnvName', () => {
  test.each(['HTTP_PROXY', 'http_proxy', '_X', 'my.var-1', '-A', '.a', 'A1'])('accepts %j', (name) => {
    expect(checkEnvName('env', name)).toBeUndefined();
  });

  test.each(['', '1ABC', 'A B', 'A=B', 'A$', 'ÄB'])('rejects %j', (name) => {
    expect(checkEnvName('env', name)).toEqual({
      setting: 'env',
      rule: 'must be a valid environment variable name: letters, digits, \'_\', \'-\' and \'.\', not starting with a digit',
      found: name,
      fix: 'use a name such as "HTTP_PROXY"',
    });
  });
});
