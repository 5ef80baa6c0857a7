import { configSetting, configValue, PikaCheckContext } from './context';
import { parseCidr } from '../../common/ip-address';
import { Problem } from '../../common/problems';

// Pika's outbound guard (server.outbound) parses its deny and allow lists with Go's
// net.ParseCIDR at start, and an invalid range stops the server. Go accepts host bits there
// (`10.0.0.1/8` means 10.0.0.0/8), so only the syntax is checked.

const LISTS = ['server.outbound.deny_cidrs', 'server.outbound.allow_cidrs'];

/** Every range of the outbound guard is one Go's net.ParseCIDR reads. */
export function checkOutbound(context: PikaCheckContext): Problem[] {
  return LISTS.flatMap((path) => {
    const value = configValue(context, path);
    if (value === undefined) {
      return [];
    }
    if (!Array.isArray(value)) {
      return [{ setting: configSetting(context, path), rule: 'must be a list of CIDR ranges', found: value, fix: 'write it as a list, e.g. ["169.254.0.0/16"]' }];
    }
    return value.flatMap((range, index) => (parseCidr(range) !== undefined ? [] : [{
      setting: configSetting(context, `${path}[${index}]`),
      rule: 'must be a CIDR range Go parses (an IPv4 or IPv6 address, "/" and a prefix length): Pika stops at start on any other',
      found: range,
      fix: 'write it as e.g. "10.0.0.0/8" or "fd00::/8"',
    }]));
  });
}
