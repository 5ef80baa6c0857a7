import { Duration } from 'cdk8s';
import {
  checkGoDurationValue,
  checkPositiveDuration,
  formatGoDuration,
  parseGoDuration,
} from '../../lib/common/go-duration';

/**
 * cdk8s refuses to construct a negative Duration, but checkPositiveDuration must still reject one
 * (e.g. a value coming from a jsii caller); this stand-in reports the given number of milliseconds.
 */
function fakeDuration(millis: number): Duration {
  return { toMilliseconds: () => millis } as unknown as Duration;
}

describe('formatGoDuration', () => {
  test.each([
    [Duration.seconds(90), '1m30s'],
    [Duration.millis(500), '500ms'],
    [Duration.millis(0), '0s'],
    [Duration.hours(1), '1h'],
    [Duration.minutes(125), '2h5m'],
    [Duration.seconds(30), '30s'],
    [Duration.millis(1), '1ms'],
    [Duration.millis(3_723_004), '1h2m3s4ms'],
    [Duration.days(1), '24h'],
  ])('renders %s as %s', (duration, expected) => {
    expect(formatGoDuration(duration)).toBe(expected);
  });

  test.each(['1m30s', '500ms', '1h', '2h5m', '1h2m3s4ms'])('output %s parses back to the same milliseconds', (text) => {
    const millis = parseGoDuration(text)!;
    expect(formatGoDuration(Duration.millis(millis))).toBe(text);
  });
});

describe('parseGoDuration', () => {
  test.each([
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['-5m', -300_000],
    ['+5m', 300_000],
    ['0', 0],
    ['0s', 0],
    ['100ms', 100],
    ['10us', 0.01],
    ['10µs', 0.01],
    ['10μs', 0.01],
    ['2000000ns', 2],
    ['1h1m1s1ms', 3_661_001],
    ['.5s', 500],
    ['1.s', 1_000],
    ['1m1m', 120_000],
    ['-0', 0],
    ['+0', 0],
    ['1.005s', 1_005],
    ['0.1s', 100],
  ])('accepts %j as %d ms', (text, expected) => {
    expect(parseGoDuration(text)).toBe(expected);
  });

  test.each(['30', '5 m', '', 'abc', '1d', 's', '.s', '1h1', '-', '1mus', ' 30s', '30s ', '1S', '1.5.2s'])(
    'rejects %j like time.ParseDuration does',
    (text) => {
      expect(parseGoDuration(text)).toBeUndefined();
    },
  );
});

describe('checkPositiveDuration', () => {
  test.each([Duration.millis(1), Duration.seconds(30), Duration.hours(2)])('accepts %s', (duration) => {
    expect(checkPositiveDuration('timeout', duration)).toBeUndefined();
  });

  test('rejects zero with the setting, the value in ms and a one-second example', () => {
    expect(checkPositiveDuration('timeout', Duration.millis(0))).toEqual({
      setting: 'timeout',
      rule: 'must be positive, in whole milliseconds',
      found: '0ms',
      fix: 'use e.g. Duration.seconds(1)',
    });
  });

  test('rejects a negative duration', () => {
    expect(checkPositiveDuration('timeout', fakeDuration(-5))).toEqual({
      setting: 'timeout',
      rule: 'must be positive, in whole milliseconds',
      found: '-5ms',
      fix: 'use e.g. Duration.seconds(1)',
    });
  });

  test('rejects a fractional number of milliseconds', () => {
    expect(checkPositiveDuration('interval', Duration.millis(1.5))).toEqual({
      setting: 'interval',
      rule: 'must be positive, in whole milliseconds',
      found: '1.5ms',
      fix: 'use e.g. Duration.seconds(1)',
    });
  });

  test('rejects a duration below the minimum and names the minimum as a Go duration', () => {
    expect(checkPositiveDuration('interval', Duration.millis(500), 1_000)).toEqual({
      setting: 'interval',
      rule: 'must be at least 1s, in whole milliseconds',
      found: '500ms',
      fix: 'use e.g. Duration.seconds(1)',
    });
  });

  test('rounds the suggested seconds up to reach a minimum that is not whole seconds', () => {
    expect(checkPositiveDuration('interval', Duration.seconds(1), 1_500)).toEqual({
      setting: 'interval',
      rule: 'must be at least 1s500ms, in whole milliseconds',
      found: '1000ms',
      fix: 'use e.g. Duration.seconds(2)',
    });
  });

  test('accepts a duration exactly at the minimum', () => {
    expect(checkPositiveDuration('interval', Duration.seconds(5), 5_000)).toBeUndefined();
  });
});

describe('checkGoDurationValue', () => {
  test.each(['30s', '1h30m', '0s', '0', '-5m'])('accepts %j, which time.ParseDuration accepts', (value) => {
    expect(checkGoDurationValue('cluster.timeout', value)).toBeUndefined();
  });

  test.each([
    [30],
    ['30'],
    ['1d'],
    [undefined],
    [null],
    [{ seconds: 30 }],
  ])('rejects %j as not a Go duration string', (value) => {
    expect(checkGoDurationValue('cluster.timeout', value)).toEqual({
      setting: 'cluster.timeout',
      rule: 'must be a Go duration string',
      found: value,
      fix: 'write it as a quoted duration such as "30s", "5m" or "1h30m"',
    });
  });
});
