import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { err, ok, type Result } from '@hexabill/core';
import type { Context } from 'hono';

/**
 * Which hops in front of the API are proxies whose forwarding header is believed. Position 0 is
 * the socket's peer, 1 the entry the peer appended to the header, 2 the one before it, and so on.
 */
export interface TrustedProxies {
  /** The setting, for logs and tests: `none`, `hops:2`, `10.0.0.0/16,…`. */
  readonly description: string;
  trusts(address: string, position: number): boolean;
}

/** The header the trusted proxies append to: X-Forwarded-For (what load balancers write) or RFC 7239's Forwarded. */
export type ForwardedHeader = 'x-forwarded-for' | 'forwarded';

export interface ClientAddressPolicy {
  readonly proxies: TrustedProxies;
  readonly header: ForwardedHeader;
}

export const TRUST_NO_PROXY: TrustedProxies = { description: 'none', trusts: () => false };

const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::\d{1,5})?$/;
const MAX_HOPS = 20;

/**
 * One spelling per address, so one client has one budget: IPv6 lower-cased and compressed, an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as a dual-stack socket reports IPv4 peers) as
 * plain IPv4, ports and brackets dropped. Anything that is not an IP address gives undefined.
 */
export function normalizeAddress(raw: string): string | undefined {
  let address = raw.trim();
  address = BRACKETED_IPV6.exec(address)?.[1] ?? IPV4_WITH_PORT.exec(address)?.[1] ?? address;
  // A zone (fe80::1%eth0) means nothing beyond the host that wrote it.
  address = address.replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return undefined;
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1] ?? '0', 16), parseInt(mapped[2] ?? '0', 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** X-Forwarded-For: `client, proxy1, proxy2`, left to right; an entry that is no address is undefined. */
function parseForwardedFor(value: string): (string | undefined)[] {
  return value.split(',').map(normalizeAddress);
}

/** Splits on `separator` outside quoted strings. */
function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const char = value.charAt(i);
    if (quoted && char === '\\') {
      current += char + value.charAt(i + 1);
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith('"')) return /^[!#$%&'*+\-.^_`|~0-9A-Za-z:[\]]+$/.test(trimmed) ? trimmed : undefined;
  if (trimmed.length < 2 || !trimmed.endsWith('"')) return undefined;
  return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * RFC 7239 Forwarded: `for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"`, one element per hop,
 * left to right. An element without a usable `for` (missing, `unknown`, an obfuscated `_name`,
 * malformed) is undefined.
 */
function parseForwarded(value: string): (string | undefined)[] {
  return splitOutsideQuotes(value, ',').map((element) => {
    for (const pair of splitOutsideQuotes(element, ';')) {
      const equals = pair.indexOf('=');
      if (equals < 0 || pair.slice(0, equals).trim().toLowerCase() !== 'for') continue;
      const node = unquote(pair.slice(equals + 1));
      return node === undefined ? undefined : normalizeAddress(node);
    }
    return undefined;
  });
}

/**
 * The client's address: the right-most address in [forwarding header…, socket peer] that is not a
 * trusted proxy. Walking from the peer leftwards, each trusted hop vouches for the entry to its
 * left; the first hop not trusted is the client, and whatever it sent in the header (entries
 * further left) is never read, so a client cannot choose its address. When a trusted hop reported
 * nothing usable (a malformed entry, `unknown`) or the header runs out, the last address reached
 * stands: that proxy's own. Without trusted proxies the header is not read at all.
 */
export function resolveClientAddress(
  peer: string | undefined,
  header: string | undefined,
  policy: ClientAddressPolicy,
): string | undefined {
  let current = peer === undefined ? undefined : normalizeAddress(peer);
  if (current === undefined || !policy.proxies.trusts(current, 0)) return current;
  const entries = header === undefined ? [] : policy.header === 'forwarded' ? parseForwarded(header) : parseForwardedFor(header);
  for (let position = 1; position <= entries.length; position += 1) {
    const next = entries[entries.length - position];
    if (next === undefined) return current;
    current = next;
    if (!policy.proxies.trusts(current, position)) return current;
  }
  return current;
}

/** The socket's peer on Node (behind a proxy, the proxy's address). */
export function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // Not served by @hono/node-server (e.g. `app.request()` in tests).
    return undefined;
  }
}

/** For `createHttpApp`'s `clientAddress` option: the client's address under `policy`, once per request. */
export function clientAddressOf(policy: ClientAddressPolicy): (c: Context) => string | undefined {
  if (policy.proxies === TRUST_NO_PROXY) return (c) => resolveClientAddress(socketAddress(c), undefined, policy);
  return (c) => resolveClientAddress(socketAddress(c), c.req.header(policy.header), policy);
}

/**
 * Reads a TRUSTED_PROXIES-style setting: empty or `0` trusts nobody; a number N trusts the N hops
 * nearest the API, whatever their address (for a fixed chain every request passes through); else a
 * comma-separated list of IP addresses and CIDR ranges, IPv4 or IPv6 (IPv4-mapped ranges count as
 * IPv4). Each problem is named.
 */
export function parseTrustedProxies(setting: string | undefined): Result<TrustedProxies, string[]> {
  const value = (setting ?? '').trim();
  if (value === '' || value === '0') return ok(TRUST_NO_PROXY);
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) return err([`a hop count must be 1–${String(MAX_HOPS)}, not ${value}`]);
    return ok({ description: `hops:${String(hops)}`, trusts: (_address, position) => position < hops });
  }
  const problems: string[] = [];
  const networks = new BlockList();
  const described: string[] = [];
  for (const item of value.split(',').map((s) => s.trim())) {
    if (/^\d+$/.test(item)) {
      problems.push(`"${item}": a hop count cannot be combined with addresses`);
      continue;
    }
    const [rawAddress = '', rawPrefix, ...rest] = item.split('/');
    const address = rawAddress.includes('[') || rest.length > 0 ? undefined : normalizeAddress(rawAddress);
    if (address === undefined || (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix))) {
      problems.push(`"${item}" is not an IP address or CIDR range`);
      continue;
    }
    const family = isIP(address);
    // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8, as the addresses in it are normalised to IPv4.
    const mapped = family === 4 && isIP(rawAddress.trim()) === 6;
    const [low, high] = mapped ? [96, 128] : [0, family === 4 ? 32 : 128];
    const given = rawPrefix === undefined ? high : Number(rawPrefix);
    if (given < low || given > high) {
      problems.push(
        `"${item}": the prefix length of ${mapped ? 'an IPv4-mapped' : `an IPv${String(family)}`} range is ${String(low)}–${String(high)}`,
      );
      continue;
    }
    const prefix = mapped ? given - 96 : given;
    networks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    described.push(`${address}/${String(prefix)}`);
  }
  if (problems.length > 0) return err(problems);
  return ok({
    description: described.join(','),
    trusts: (address) => networks.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6'),
  });
}
