import { isIP } from 'net';
import { Problem } from './problems';

// IP literals and CIDR ranges as Go's net.ParseIP and net.ParseCIDR read them (Pika's bind address
// and outbound ranges) and as Kubernetes validates NetworkPolicy ipBlocks and load balancer source
// ranges: IPv4 dotted quads or IPv6, no zone (`%eth0`), no port, and for a range a prefix length
// within the family's bits. Kubernetes also refuses a range whose address has host bits set
// (`10.0.0.1/8`): it means `10.0.0.0/8` or a typo, and the two differ.

/** An IP address as a number, with its family's width in bits. */
interface Address {
  readonly value: bigint;
  readonly bits: 32 | 128;
}

/** A parsed CIDR range. */
export interface CidrRange {
  readonly address: bigint;
  readonly bits: 32 | 128;
  readonly prefix: number;
}

/** Whether `value` is an IP literal Go's net.ParseIP accepts: no zone, no port, no brackets. */
export function isIpLiteral(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('%') && isIP(value) !== 0;
}

function parseAddress(text: string): Address | undefined {
  if (!isIpLiteral(text)) {
    return undefined;
  }
  if (isIP(text) === 4) {
    return { value: text.split('.').reduce((sum, part) => sum * 256n + BigInt(Number(part)), 0n), bits: 32 };
  }
  // An IPv6 address, possibly ending in an IPv4 quad (`::ffff:10.0.0.1`); `::` stands for zeros.
  let groups = text;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad !== undefined) {
    const v4 = parseAddress(quad)!.value;
    groups = `${text.slice(0, -quad.length)}${(v4 / 65536n).toString(16)}:${(v4 % 65536n).toString(16)}`;
  }
  const [head, tail] = groups.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const parts = tail === undefined ? headParts : [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  return { value: parts.reduce((sum, part) => sum * 65536n + BigInt(parseInt(part, 16)), 0n), bits: 128 };
}

/** A CIDR range such as `10.0.0.0/8` or `fd00::/8`, or undefined when it is not one. */
export function parseCidr(value: unknown): CidrRange | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const address = match ? parseAddress(match[1]) : undefined;
  const prefix = match ? Number(match[2]) : NaN;
  if (address === undefined || prefix > address.bits) {
    return undefined;
  }
  return { address: address.value, bits: address.bits, prefix };
}

/** The bits of `range`'s address below its prefix: 0n when the address is the network's. */
export function hostBits(range: CidrRange): bigint {
  return range.address % 2n ** BigInt(range.bits - range.prefix);
}

/** `range` written with its host bits cleared: what `10.0.0.1/8` most likely meant. */
export function networkOf(range: CidrRange): string {
  const network = range.address - hostBits(range);
  if (range.bits === 32) {
    return `${[3n, 2n, 1n, 0n].map((octet) => String((network / 256n ** octet) % 256n)).join('.')}/${range.prefix}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => ((network / 65536n ** BigInt(7 - i)) % 65536n).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${range.prefix}`;
}

/** Whether `inner` lies inside `outer` (same family, a prefix at least as long, same network bits). */
export function cidrContains(outer: CidrRange, inner: CidrRange): boolean {
  if (outer.bits !== inner.bits || inner.prefix < outer.prefix) {
    return false;
  }
  const size = 2n ** BigInt(outer.bits - outer.prefix);
  return outer.address / size === inner.address / size;
}

/**
 * Problems with a CIDR range Kubernetes validates (an ipBlock, a load balancer source range):
 * a range of either family with its host bits clear.
 */
export function checkCidr(setting: string, value: string): Problem[] {
  const range = parseCidr(value);
  if (range === undefined) {
    return [{
      setting,
      rule: 'must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6)',
      found: value,
      fix: 'write it as e.g. "10.0.0.0/16" or "fd00::/8"',
    }];
  }
  if (hostBits(range) !== 0n) {
    return [{
      setting,
      rule: 'must have no host bits set: the address must be the first of its range',
      found: value,
      fix: `did you mean ${networkOf(range)}? For a single address, use /${range.bits}`,
    }];
  }
  return [];
}

/** Problems with an ipBlock: a valid `cidr`, and each `except` range strictly inside it. */
export function checkIpBlock(cidr: string, except: readonly string[] = []): Problem[] {
  const problems = checkCidr('cidr', cidr);
  const outer = problems.length === 0 ? parseCidr(cidr) : undefined;
  except.forEach((item, index) => {
    const setting = `exceptCidrs[${index}]`;
    const own = checkCidr(setting, item);
    problems.push(...own);
    const inner = parseCidr(item);
    if (own.length === 0 && outer !== undefined && inner !== undefined && !(cidrContains(outer, inner) && inner.prefix > outer.prefix)) {
      problems.push({
        setting,
        rule: `must lie strictly inside the cidr ${cidr}: Kubernetes refuses an exception outside the range or equal to it`,
        found: item,
        fix: 'leave out a smaller range inside the cidr, or widen the cidr',
      });
    }
  });
  return problems;
}
