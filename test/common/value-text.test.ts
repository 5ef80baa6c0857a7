import { listNames, quoteName } from '../../lib/common/value-text';

describe('quoteName', () => {
  test.each([
    ['config', '"config"'],
    ['', '""'],
    [undefined, '<no name>'],
    [42, '42'],
    [null, 'null'],
    [{}, '{}'],
    [['a'], '["a"]'],
  ])('quotes %j as %s', (name, expected) => {
    expect(quoteName(name)).toBe(expected);
  });

  test('shortens a long non-string value to 40 characters, never "[object Object]"', () => {
    const quoted = quoteName({ a: 'x'.repeat(100) });
    expect(quoted).toHaveLength(40);
    expect(quoted).toBe(`{"a":"${'x'.repeat(33)}…`);
  });
});

describe('listNames', () => {
  test('leaves strings bare and quotes what a patch left in their place', () => {
    expect(listNames(['config', 'tmp'])).toBe('config, tmp');
    expect(listNames(['data', 7, undefined, {}])).toBe('data, 7, <no name>, {}');
    expect(listNames([])).toBe('');
  });
});
