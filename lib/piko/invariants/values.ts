import { parseGoDuration } from '../../common/go-duration';
import { LOG_LEVELS } from '../../common/log-level';
import { Problem } from '../../common/problems';
import { checkPikoConfigKeys, checkStreamWindow } from '../config-schema';
import { expandedAsKnown } from '../env-expansion';
import { LOG_SUBSYSTEMS } from '../pod-layout';
import { configSetting, configValue, PikoCheckContext } from './context';

/** Durations Piko refuses when zero; negative durations are refused everywhere. */
const NON_ZERO_DURATIONS = ['grace_period', 'cluster.join_timeout', 'cluster.gossip.interval'];
const DURATIONS = [
  ...NON_ZERO_DURATIONS, 'proxy.timeout', 'proxy.http.read_timeout', 'proxy.http.read_header_timeout', 'proxy.http.write_timeout',
  'proxy.http.idle_timeout', 'proxy.auth.jwks.cache_ttl', 'proxy.auth.jwks.timeout', 'upstream.auth.jwks.cache_ttl',
  'upstream.auth.jwks.timeout', 'admin.auth.jwks.cache_ttl', 'admin.auth.jwks.timeout',
];

/**
 * Keys Piko knows with values of the right type and range. Piko expands the file before it reads
 * it, so the values are judged as expanded, where the synth can know them (env-expansion.ts).
 */
export function checkValues(context: PikoCheckContext): Problem[] {
  const expanded: PikoCheckContext = { ...context, config: expandedAsKnown(context.config, context.container) };
  return [
    ...checkPikoConfigKeys(expanded.config, (path) => configSetting(context, path)),
    ...checkStreamWindow(expanded.config, (path) => configSetting(context, path)),
    ...checkDurations(expanded),
    ...checkRebalance(expanded),
    ...checkLogging(expanded),
  ];
}

function checkDurations(context: PikoCheckContext): Problem[] {
  const problems: Problem[] = [];
  for (const path of DURATIONS) {
    const value = configValue(context, path);
    const millis = typeof value === 'string' ? parseGoDuration(value) : undefined;
    // Unparsable values are reported by the schema check.
    if (millis === undefined) {
      continue;
    }
    const nonZero = NON_ZERO_DURATIONS.includes(path);
    if (millis < 0 || (nonZero && millis === 0)) {
      problems.push({
        setting: configSetting(context, path),
        rule: nonZero ? 'must be a positive duration; Piko refuses zero' : 'must not be negative',
        found: value,
        fix: 'use a duration such as "30s"',
      });
    }
  }
  const packetSize = configValue(context, 'cluster.gossip.max_packet_size');
  if (typeof packetSize === 'number' && packetSize <= 0) {
    problems.push({ setting: configSetting(context, 'cluster.gossip.max_packet_size'), rule: 'must be positive', found: packetSize, fix: 'use e.g. 1400' });
  }
  return problems;
}

function checkRebalance(context: PikoCheckContext): Problem[] {
  const problems: Problem[] = [];
  const threshold = configValue(context, 'upstream.rebalance.threshold');
  if (typeof threshold === 'number' && threshold < 0) {
    problems.push({ setting: configSetting(context, 'upstream.rebalance.threshold'), rule: 'must be 0 or more (0 turns rebalancing off)', found: threshold, fix: 'use e.g. 0.2' });
  }
  const shedRate = configValue(context, 'upstream.rebalance.shed_rate');
  if (typeof shedRate === 'number' && (shedRate < 0 || shedRate > 1)) {
    problems.push({ setting: configSetting(context, 'upstream.rebalance.shed_rate'), rule: 'must be from 0 to 1', found: shedRate, fix: 'use a fraction such as 0.005' });
  }
  const minConns = configValue(context, 'upstream.rebalance.min_conns');
  if (typeof minConns === 'number' && minConns < 0) {
    problems.push({ setting: configSetting(context, 'upstream.rebalance.min_conns'), rule: 'must not be negative', found: minConns, fix: 'use e.g. 50' });
  }
  return problems;
}

function checkLogging(context: PikoCheckContext): Problem[] {
  const problems: Problem[] = [];
  const levels: Array<[string, boolean]> = [
    ['log.level', true],
    ['proxy.access_log.level', configValue(context, 'proxy.access_log.disable') !== true],
  ];
  for (const [path, required] of levels) {
    const level = configValue(context, path);
    if (required && level !== undefined && !LOG_LEVELS.includes(level as string)) {
      problems.push({ setting: configSetting(context, path), rule: `must be one of ${LOG_LEVELS.join(', ')}`, found: level, fix: 'set the level through its prop' });
    }
  }
  const subsystems = configValue(context, 'log.subsystems');
  for (const subsystem of Array.isArray(subsystems) ? subsystems : []) {
    if (!LOG_SUBSYSTEMS.includes(subsystem)) {
      problems.push({
        setting: configSetting(context, 'log.subsystems'),
        rule: `must name Piko subsystems exactly (${LOG_SUBSYSTEMS.join(', ')})`,
        found: subsystem,
        fix: 'use one of those names; "proxy" does not include "proxy.access"',
      });
    }
  }
  for (const side of ['request_headers', 'response_headers']) {
    const path = `proxy.access_log.${side}`;
    if (configValue(context, `${path}.allow_list`) !== undefined && configValue(context, `${path}.block_list`) !== undefined) {
      problems.push({ setting: configSetting(context, path), rule: 'must set allow_list or block_list, not both; Piko refuses the pair at start', found: configValue(context, path), fix: 'keep one of the two lists' });
    }
  }
  return problems;
}
