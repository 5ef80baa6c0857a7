import { isWithin, Manifest, resolvePortReference } from '../../lib/common/manifest-view';

describe('resolvePortReference', () => {
  const container: Manifest = {
    name: 'pika',
    ports: [
      { name: 'redis', containerPort: 9221 },
      { name: 'metrics', containerPort: 9121 },
      { containerPort: 7000 },
    ],
  };

  test.each([
    [9221, 9221],
    [1234, 1234],
    ['8080', 8080],
    ['9221', 9221],
    ['redis', 9221],
    ['metrics', 9121],
  ])('resolves %j to %d', (reference, expected) => {
    expect(resolvePortReference(container, reference)).toBe(expected);
  });

  test('returns a number as it is even when no container is known', () => {
    expect(resolvePortReference(undefined, 80)).toBe(80);
    expect(resolvePortReference(undefined, '80')).toBe(80);
  });

  test.each(['unknown', 'Redis', '', '80a', '-1'])('returns undefined for the name %j that matches no port', (reference) => {
    expect(resolvePortReference(container, reference)).toBeUndefined();
  });

  test('returns undefined for a name when the container is missing or has no ports', () => {
    expect(resolvePortReference(undefined, 'redis')).toBeUndefined();
    expect(resolvePortReference({ name: 'pika' }, 'redis')).toBeUndefined();
  });

  test.each([[undefined], [null], [true], [{ port: 80 }]])('returns undefined for the reference %j', (reference) => {
    expect(resolvePortReference(container, reference)).toBeUndefined();
  });
});

describe('isWithin', () => {
  test.each([
    ['/data', '/data'],
    ['/data/db', '/data'],
    ['/data/db/log', '/data'],
    ['/data/db', '/data/'],
    ['/data', '/data/'],
    ['/etc/pika', '/'],
  ])('%j is within %j', (path, parent) => {
    expect(isWithin(path, parent)).toBe(true);
  });

  test.each([
    ['/database', '/data'],
    ['/dat', '/data'],
    ['/data', '/data/db'],
    ['/other/data', '/data'],
  ])('%j is not within %j', (path, parent) => {
    expect(isWithin(path, parent)).toBe(false);
  });
});
