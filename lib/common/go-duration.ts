import { Duration } from 'cdk8s';
import { Problem } from './problems';

// Both servers are written in Go and read durations with time.ParseDuration, so config files
// carry strings such as "30s" or "1m30s", never numbers.

const UNITS: ReadonlyArray<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]];

const GO_UNIT_MILLIS: { [unit: string]: number } = {
  h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001, μs: 0.001, ns: 0.000001,
};
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(h|m|s|ms|us|µs|μs|ns))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|μs|ns)/g;

/** Renders a whole number of milliseconds the way a person writes a Go duration: `1m30s`, `500ms`. */
export function formatGoDuration(duration: Duration): string {
  let rest = duration.toMilliseconds();
  if (rest === 0) {
    return '0s';
  }
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

/** Milliseconds of a Go duration string, or `undefined` if time.ParseDuration would reject it. */
export function parseGoDuration(text: string): number | undefined {
  // Go accepts a bare zero, signed or not, without a unit.
  if (/^[-+]?0$/.test(text)) {
    return 0;
  }
  if (!GO_DURATION.test(text)) {
    return undefined;
  }
  const sign = text.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const match of text.matchAll(GO_DURATION_PART)) {
    total += Number(match[1]) * GO_UNIT_MILLIS[match[2]];
  }
  // Go counts whole nanoseconds; rounding there removes binary floating-point noise (1.005s).
  return sign * (Math.round(total * 1e6) / 1e6);
}

/**
 * A duration prop must be a positive whole number of milliseconds: Go durations can be finer, but
 * nothing either server tunes is, and a fraction usually means a unit mix-up.
 */
export function checkPositiveDuration(setting: string, duration: Duration, minimumMillis = 1): Problem | undefined {
  const millis = duration.toMilliseconds({ integral: false });
  if (Number.isInteger(millis) && millis >= minimumMillis) {
    return undefined;
  }
  // A minimum derived from another setting (a grace period plus a margin) may be fractional.
  const minimum = minimumMillis === 1 ? 'positive' : minimumMillis === 0 ? '0 or more'
    : `at least ${formatGoDuration(Duration.millis(Math.ceil(minimumMillis)))}`;
  return {
    setting,
    rule: `must be ${minimum}, in whole milliseconds`,
    found: `${millis}ms`,
    fix: `use e.g. Duration.seconds(${Math.max(1, Math.ceil(minimumMillis / 1000))})`,
  };
}

/** A duration held in a rendered config file must be a string Go's time.ParseDuration accepts. */
export function checkGoDurationValue(setting: string, value: unknown): Problem | undefined {
  if (typeof value === 'string' && parseGoDuration(value) !== undefined) {
    return undefined;
  }
  return {
    setting,
    rule: 'must be a Go duration string',
    found: value,
    fix: 'write it as a quoted duration such as "30s", "5m" or "1h30m"',
  };
}
