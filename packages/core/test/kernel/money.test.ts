import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MINOR_UNITS, Money, parseCurrency } from '../../src/index.js';

describe('Money', () => {
  it.each([
    ['100.00', 10_000],
    ['100', 10_000],
    ['0.5', 50],
    ['0.05', 5],
    [' 12.30 ', 1_230],
    [100, 10_000],
    [100.5, 10_050],
    [0.1, 10],
    [19.99, 1_999],
  ])('parses %j exactly as %i minor units', (input, minor) => {
    expect(Money.positive(input)._unsafeUnwrap().minorUnits).toBe(minor);
  });

  it.each([
    ['1.001', 'decimal'],
    [1.001, 'decimal'],
    [0.1 + 0.2, 'decimal'],
    ['abc', 'decimal'],
    ['', 'decimal'],
    ['1.', 'decimal'],
    ['.5', 'decimal'],
    ['01.00', 'decimal'],
    ['1e3', 'decimal'],
    [Number.NaN, 'finite'],
    [Number.POSITIVE_INFINITY, 'finite'],
    [-1, 'negative'],
    ['-1.00', 'negative'],
    [0, 'greater than 0'],
    ['0.00', 'greater than 0'],
    [1e21, 'at most 2 decimal places'],
    ['99999999999999.99', 'too large'],
  ])('rejects %j', (input, message) => {
    expect(Money.positive(input)._unsafeUnwrapErr()).toContain(message);
  });

  it('accepts the largest amount and rejects one cent more', () => {
    expect(Money.positive('9999999999999.99')._unsafeUnwrap().minorUnits).toBe(MAX_MINOR_UNITS);
    expect(Money.fromMinorUnits(MAX_MINOR_UNITS + 1, 'USD').isErr()).toBe(true);
  });

  it('round-trips every amount in range through its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_MINOR_UNITS }), (minor) => {
        const money = Money.fromMinorUnits(minor, 'USD')._unsafeUnwrap();
        const text = money.toDecimalString();
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(Money.positive(text)._unsafeUnwrap().minorUnits).toBe(minor);
      }),
    );
  });

  it('agrees between a number and its string for every two-decimal amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), (minor) => {
        const asNumber = minor / 100;
        expect(Money.positive(asNumber)._unsafeUnwrap().minorUnits).toBe(minor);
        expect(Money.positive(asNumber.toFixed(2))._unsafeUnwrap().minorUnits).toBe(minor);
      }),
    );
  });

  it('never accepts a number with a third decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 1, max: 9 }), (cents, extra) => {
        expect(Money.parse(`${(cents / 100).toFixed(2)}${extra}`).isErr()).toBe(true);
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double()), (input) => {
        const result = Money.positive(input);
        if (result.isOk()) expect(result.value.minorUnits).toBeGreaterThan(0);
      }),
    );
  });

  it('knows ISO 4217 codes it supports', () => {
    expect(parseCurrency('EUR')._unsafeUnwrap()).toBe('EUR');
    expect(parseCurrency('eur').isErr()).toBe(true);
    expect(parseCurrency('XXX').isErr()).toBe(true);
  });

  it('compares by amount and currency', () => {
    const a = Money.positive('1.00', 'USD')._unsafeUnwrap();
    expect(a.equals(Money.positive(1, 'USD')._unsafeUnwrap())).toBe(true);
    expect(a.equals(Money.positive(1, 'EUR')._unsafeUnwrap())).toBe(false);
    expect(a.toString()).toBe('1.00 USD');
  });
});
