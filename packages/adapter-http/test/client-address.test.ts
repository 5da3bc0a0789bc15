import { describe, expect, it } from 'vitest';
import {
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
  TRUST_NO_PROXY,
  type ClientAddressPolicy,
  type ForwardedHeader,
  type TrustedProxies,
} from '../src/index.js';

function proxies(setting: string): TrustedProxies {
  const parsed = parseTrustedProxies(setting);
  if (parsed.isErr()) throw new Error(parsed.error.join('; '));
  return parsed.value;
}

function policy(setting: string, header: ForwardedHeader = 'x-forwarded-for'): ClientAddressPolicy {
  return { proxies: proxies(setting), header };
}

// The load balancer at 10.0.0.5 in a VPC of 10.0.0.0/16; clients on the internet (documentation ranges).
const ALB = '10.0.0.5';
const VPC = policy('10.0.0.0/16');

describe('normalizeAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['192.0.2.1:51234', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:c000:0201', '192.0.2.1'],
    ['[::ffff:192.0.2.1]:443', '192.0.2.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[2001:db8::1]:4711', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
  ])('%j is %j', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it.each([
    '',
    'unknown',
    '_hidden',
    'example.com',
    '999.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '2001:db8::g',
    '[2001:db8::1',
    '<script>',
    '1.2.3.4:port',
  ])('%j is no address', (raw) => {
    expect(normalizeAddress(raw)).toBeUndefined();
  });
});

describe('resolveClientAddress without trusted proxies', () => {
  const none: ClientAddressPolicy = { proxies: TRUST_NO_PROXY, header: 'x-forwarded-for' };

  it('is the socket peer whatever the header claims', () => {
    expect(resolveClientAddress('198.51.100.7', '203.0.113.9', none)).toBe('198.51.100.7');
    expect(resolveClientAddress('::ffff:198.51.100.7', '203.0.113.9, 10.0.0.5', none)).toBe('198.51.100.7');
    expect(resolveClientAddress(undefined, '203.0.113.9', none)).toBeUndefined();
  });
});

describe('resolveClientAddress behind trusted proxies (CIDR ranges)', () => {
  it('is the entry the load balancer appended', () => {
    expect(resolveClientAddress(ALB, '198.51.100.7', VPC)).toBe('198.51.100.7');
  });

  it('ignores what a client forged to the left of its own address', () => {
    // The client sent "X-Forwarded-For: 203.0.113.9"; the load balancer appended the address it saw.
    expect(resolveClientAddress(ALB, '203.0.113.9, 198.51.100.7', VPC)).toBe('198.51.100.7');
    expect(resolveClientAddress(ALB, '10.0.0.9, 198.51.100.7', VPC)).toBe('198.51.100.7');
  });

  it('takes a header from a peer that is not a trusted proxy for nothing', () => {
    expect(resolveClientAddress('198.51.100.7', '203.0.113.9', VPC)).toBe('198.51.100.7');
  });

  it('walks a chain of trusted proxies to the right-most untrusted entry', () => {
    const twoTiers = policy('10.0.0.0/16, 192.0.2.0/24');
    expect(resolveClientAddress(ALB, '203.0.113.9, 198.51.100.7, 192.0.2.10', twoTiers)).toBe('198.51.100.7');
    // Repeated header lines arrive joined with ", ".
    expect(resolveClientAddress(ALB, '203.0.113.9, 198.51.100.7,192.0.2.10', twoTiers)).toBe('198.51.100.7');
  });

  it('stops at the last trusted hop when the header runs out or an entry is no address', () => {
    expect(resolveClientAddress(ALB, undefined, VPC)).toBe(ALB);
    expect(resolveClientAddress(ALB, '', VPC)).toBe(ALB);
    expect(resolveClientAddress(ALB, 'garbage', VPC)).toBe(ALB);
    expect(resolveClientAddress(ALB, '198.51.100.7, unknown', VPC)).toBe(ALB);
    expect(resolveClientAddress(ALB, '198.51.100.7,,', VPC)).toBe(ALB);
    // Every hop trusted: the left-most is where the request came from.
    expect(resolveClientAddress(ALB, '10.0.7.7', VPC)).toBe('10.0.7.7');
  });

  it('matches IPv4-mapped peers and entries against IPv4 ranges, and IPv6 against IPv6 ranges', () => {
    expect(resolveClientAddress('::ffff:10.0.0.5', '::ffff:198.51.100.7', VPC)).toBe('198.51.100.7');
    const v6 = policy('fd00:ec2::/32');
    expect(resolveClientAddress('fd00:ec2::5', '2001:db8::1, 2001:DB8:0:0:0:0:0:2', v6)).toBe('2001:db8::2');
    expect(resolveClientAddress('fd00:ec3::5', '2001:db8::1', v6)).toBe('fd00:ec3::5');
    const mappedRange = policy('::ffff:10.0.0.0/112');
    expect(resolveClientAddress(ALB, '198.51.100.7', mappedRange)).toBe('198.51.100.7');
  });
});

describe('resolveClientAddress with a hop count', () => {
  it('trusts exactly that many hops nearest the API, whatever their addresses', () => {
    expect(resolveClientAddress('198.51.100.1', '203.0.113.9, 198.51.100.7', policy('1'))).toBe('198.51.100.7');
    expect(resolveClientAddress('198.51.100.1', '203.0.113.9, 198.51.100.7, 192.0.2.10', policy('2'))).toBe('198.51.100.7');
    expect(resolveClientAddress('198.51.100.1', undefined, policy('2'))).toBe('198.51.100.1');
    expect(resolveClientAddress('198.51.100.1', '198.51.100.7', policy('2'))).toBe('198.51.100.7');
  });
});

describe('resolveClientAddress with RFC 7239 Forwarded', () => {
  const forwarded = policy('10.0.0.0/16', 'forwarded');

  it('reads `for` of each element, quoted or not, with ports and IPv6 brackets', () => {
    expect(resolveClientAddress(ALB, 'for=198.51.100.7;proto=https;by=10.0.0.5', forwarded)).toBe('198.51.100.7');
    expect(resolveClientAddress(ALB, 'for=203.0.113.9, For="[2001:db8:cafe::17]:4711"', forwarded)).toBe('2001:db8:cafe::17');
    expect(resolveClientAddress(ALB, 'proto=https;for="198.51.100.7:5555"', forwarded)).toBe('198.51.100.7');
    expect(resolveClientAddress(ALB, 'for="_hidden;,x", for=198.51.100.7', forwarded)).toBe('198.51.100.7');
  });

  it('stops at the proxy when its element names no address', () => {
    expect(resolveClientAddress(ALB, 'for=198.51.100.7, for=unknown', forwarded)).toBe(ALB);
    expect(resolveClientAddress(ALB, 'for=198.51.100.7, for=_gazonk', forwarded)).toBe(ALB);
    expect(resolveClientAddress(ALB, 'for=198.51.100.7, proto=https', forwarded)).toBe(ALB);
    expect(resolveClientAddress(ALB, 'for="198.51.100.7', forwarded)).toBe(ALB);
  });

  it('reads only the configured header', () => {
    expect(resolveClientAddress(ALB, 'for=203.0.113.9', VPC)).toBe(ALB);
    expect(resolveClientAddress(ALB, '203.0.113.9', forwarded)).toBe(ALB);
  });
});

describe('parseTrustedProxies', () => {
  it('trusts nobody when empty or 0', () => {
    expect(proxies('')).toBe(TRUST_NO_PROXY);
    expect(proxies('0')).toBe(TRUST_NO_PROXY);
    expect(parseTrustedProxies(undefined)._unsafeUnwrap()).toBe(TRUST_NO_PROXY);
  });

  it('reads hop counts, addresses and ranges of both families', () => {
    expect(proxies('2').description).toBe('hops:2');
    expect(proxies('10.0.0.0/16, 192.0.2.7 ,2001:db8::/32, ::1, ::ffff:172.16.0.0/108').description).toBe(
      '10.0.0.0/16,192.0.2.7/32,2001:db8::/32,::1/128,172.16.0.0/12',
    );
  });

  it('names every bad entry', () => {
    expect(
      parseTrustedProxies('10.0.0.0/33, vpc, 2001:db8::/129, 3, 10.0.0.0/8/8, ::ffff:10.0.0.0/8, 10.0.0.0/x')._unsafeUnwrapErr(),
    ).toEqual([
      '"10.0.0.0/33": the prefix length of an IPv4 range is 0–32',
      '"vpc" is not an IP address or CIDR range',
      '"2001:db8::/129": the prefix length of an IPv6 range is 0–128',
      '"3": a hop count cannot be combined with addresses',
      '"10.0.0.0/8/8" is not an IP address or CIDR range',
      '"::ffff:10.0.0.0/8": the prefix length of an IPv4-mapped range is 96–128',
      '"10.0.0.0/x" is not an IP address or CIDR range',
    ]);
    expect(parseTrustedProxies('21')._unsafeUnwrapErr()).toEqual(['a hop count must be 1–20, not 21']);
  });
});
