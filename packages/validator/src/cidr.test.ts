import { describe, expect, it } from 'vitest';
import {
  contains,
  includesPublic,
  isAnywhere,
  overlaps,
  parseCidr,
  privateRangeOf,
  usableAddresses,
} from './cidr.ts';

const c = (t: string) => {
  const r = parseCidr(t);
  if (!r.ok) throw new Error(`${t}: ${r.reason}`);
  return r.cidr;
};

describe('parseCidr', () => {
  it.each(['10.0.0.0/16', '10.0.0.0/28', '0.0.0.0/0', '255.255.255.255/32', '192.168.1.16/28'])(
    'accepts %s',
    (t) => {
      expect(parseCidr(t).ok).toBe(true);
    },
  );

  it.each([
    ['10.0.0.1/16', /host bits.*10\.0\.0\.0\/16/],
    ['10.0.0.0', /no \/prefix/],
    ['10.0.0.0/33', /prefix/],
    ['10.0.0/16', /four numbers/],
    ['010.0.0.0/16', /four numbers/],
    ['0x0a.0.0.0/8', /four numbers/],
    ['10.0.0.256/24', /four numbers/],
    ['::/0', /IPv6/],
    ['10.0.0.0/-1', /prefix/],
    ['', /no \/prefix/],
  ])('refuses %s and says why', (t, why) => {
    const r = parseCidr(t);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('suggests the network address when host bits are set', () => {
    const r = parseCidr('172.16.5.9/12');
    expect(r.ok === false && r.suggestion).toBe('172.16.0.0/12');
  });

  it('computes the first and last address', () => {
    expect(c('10.0.0.0/16')).toMatchObject({ start: 167772160, end: 167837695, prefix: 16 });
    expect(c('0.0.0.0/0')).toMatchObject({ start: 0, end: 4294967295 });
    expect(c('10.0.0.16/28').end - c('10.0.0.16/28').start).toBe(15);
  });
});

describe('containment and overlap at the edges', () => {
  it('a /16 contains its /28s, first and last, and not the block after it', () => {
    expect(contains(c('10.0.0.0/16'), c('10.0.0.0/28'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.0.255.240/28'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.1.0.0/28'))).toBe(false);
    expect(contains(c('10.0.0.0/16'), c('9.255.255.240/28'))).toBe(false);
  });

  it('a block contains itself; a smaller block does not contain a larger one', () => {
    expect(contains(c('10.0.0.0/16'), c('10.0.0.0/16'))).toBe(true);
    expect(contains(c('10.0.0.0/28'), c('10.0.0.0/16'))).toBe(false);
  });

  it('0.0.0.0/0 contains and overlaps everything', () => {
    for (const t of ['10.0.0.0/16', '255.255.255.240/28', '0.0.0.0/0'])
      expect(contains(c('0.0.0.0/0'), c(t)) && overlaps(c(t), c('0.0.0.0/0'))).toBe(true);
  });

  it('adjacent /28s do not overlap; nested ones do, in both orders', () => {
    expect(overlaps(c('10.0.0.0/28'), c('10.0.0.16/28'))).toBe(false);
    expect(overlaps(c('10.0.0.0/24'), c('10.0.0.16/28'))).toBe(true);
    expect(overlaps(c('10.0.0.16/28'), c('10.0.0.0/24'))).toBe(true);
  });

  it('counts usable addresses (AWS keeps five)', () => {
    expect(usableAddresses(c('10.0.0.0/16'))).toBe(65531);
    expect(usableAddresses(c('10.0.0.0/28'))).toBe(11);
    expect(usableAddresses(c('10.0.0.0/24'))).toBe(251);
  });

  it('knows the RFC 1918 ranges', () => {
    expect(privateRangeOf(c('10.20.0.0/16'))?.text).toBe('10.0.0.0/8');
    expect(privateRangeOf(c('172.31.0.0/16'))?.text).toBe('172.16.0.0/12');
    expect(privateRangeOf(c('172.32.0.0/16'))).toBeUndefined();
    expect(privateRangeOf(c('192.168.0.0/16'))?.text).toBe('192.168.0.0/16');
    expect(privateRangeOf(c('0.0.0.0/0'))).toBeUndefined();
    expect(includesPublic(c('0.0.0.0/0'))).toBe(true);
    expect(includesPublic(c('10.0.0.0/8'))).toBe(false);
  });

  it('recognises "anywhere" in IPv4 and IPv6', () => {
    expect(isAnywhere('0.0.0.0/0')).toBe(true);
    expect(isAnywhere('::/0')).toBe(true);
    expect(isAnywhere('0.0.0.0/1')).toBe(false);
    expect(isAnywhere('not a cidr')).toBe(false);
  });
});
