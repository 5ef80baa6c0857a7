import { cidrContains, checkCidr, checkIpBlock, isIpLiteral, networkOf, parseCidr } from '../../lib/common/ip-address';

// IP literals as Go's net.ParseIP reads them, CIDR ranges as Kubernetes validates them.

test.each([
  ['0.0.0.0', true], ['::', true], ['::1', true], ['fd00::10', true], ['::ffff:10.0.0.1', true],
  ['0.0.0.0:5000', false], ['[::1]', false], ['fe80::1%eth0', false], ['1.2.3', false], ['256.0.0.1', false], ['pika', false], [5, false],
])('IP literal %p: %p', (value, expected) => {
  expect(isIpLiteral(value)).toBe(expected);
});

test.each([
  ['10.0.0.0/8', []],
  ['0.0.0.0/0', []],
  ['::/0', []],
  ['fd00::/8', []],
  ['192.168.1.7/32', []],
  ['2001:db8::1/128', []],
  ['10.0.0.1/8', ['must have no host bits set: the address must be the first of its range|did you mean 10.0.0.0/8? For a single address, use /32']],
  ['2001:db8:0:0:1::/64', ['must have no host bits set: the address must be the first of its range|did you mean 2001:db8::/64? For a single address, use /128']],
  ['10.0.0.0/33', ['must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6)|write it as e.g. "10.0.0.0/16" or "fd00::/8"']],
  ['fd00::/129', ['must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6)|write it as e.g. "10.0.0.0/16" or "fd00::/8"']],
  ['10.0.0.0', ['must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6)|write it as e.g. "10.0.0.0/16" or "fd00::/8"']],
  ['lb.example.com/24', ['must be a CIDR range: an IPv4 or IPv6 address, "/" and a prefix length of at most 32 (IPv4) or 128 (IPv6)|write it as e.g. "10.0.0.0/16" or "fd00::/8"']],
])('CIDR %s', (value, expected) => {
  expect(checkCidr('cidr', value).map((p) => `${p.rule}|${p.fix}`)).toEqual(expected);
});

test('except ranges must lie strictly inside the cidr, in its family', () => {
  expect(checkIpBlock('10.0.0.0/8', ['10.1.0.0/16', '10.255.255.255/32'])).toEqual([]);
  expect(checkIpBlock('10.0.0.0/8', ['11.0.0.0/16', '10.0.0.0/8', 'fd00::/8', '10.1.0.1/16']).map((p) => `${p.setting}: ${p.rule}`)).toEqual([
    'exceptCidrs[0]: must lie strictly inside the cidr 10.0.0.0/8: Kubernetes refuses an exception outside the range or equal to it',
    'exceptCidrs[1]: must lie strictly inside the cidr 10.0.0.0/8: Kubernetes refuses an exception outside the range or equal to it',
    'exceptCidrs[2]: must lie strictly inside the cidr 10.0.0.0/8: Kubernetes refuses an exception outside the range or equal to it',
    'exceptCidrs[3]: must have no host bits set: the address must be the first of its range',
  ]);
});

test('containment and the network of a range', () => {
  expect(cidrContains(parseCidr('fd00::/8')!, parseCidr('fd12:3456::/32')!)).toBe(true);
  expect(cidrContains(parseCidr('fd12:3456::/32')!, parseCidr('fd00::/8')!)).toBe(false);
  expect(networkOf(parseCidr('172.16.5.4/12')!)).toBe('172.16.0.0/12');
  expect(networkOf(parseCidr('::1/0')!)).toBe('::/0');
});
