import { err, ok, type Result } from './result.js';

/** ISO 4217 codes hexabill accepts. All of them have two minor-unit digits. */
export const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'BGN',
  'MXN',
  'BRL',
  'ZAR',
  'SGD',
  'HKD',
  'INR',
  'CNY',
  'ILS',
  'AED',
] as const;
export type Currency = (typeof CURRENCIES)[number];
export const DEFAULT_CURRENCY: Currency = 'USD';

/** The largest amount in minor units: 9,999,999,999,999.99 fits NUMERIC(15,2) and stays a safe integer. */
export const MAX_MINOR_UNITS = 999_999_999_999_999;

const DECIMAL_PATTERN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

export function parseCurrency(input: string): Result<Currency, string> {
  return (CURRENCIES as readonly string[]).includes(input)
    ? ok(input as Currency)
    : err(`must be a supported ISO 4217 currency code (${CURRENCIES.join(', ')})`);
}

/**
 * An exact amount of money, held as an integer count of minor units (cents), never as a float.
 * Accepts a decimal string ("100.00") or a number with at most two decimals.
 */
export class Money {
  private constructor(
    readonly minorUnits: number,
    readonly currency: Currency,
  ) {}

  /** Parses an amount that must be greater than zero, as an invoice amount must. */
  static positive(amount: string | number, currency: Currency = DEFAULT_CURRENCY): Result<Money, string> {
    return Money.parse(amount, currency).andThen((money) => (money.minorUnits > 0 ? ok(money) : err('must be greater than 0')));
  }

  /** Parses a non-negative amount. */
  static parse(amount: string | number, currency: Currency = DEFAULT_CURRENCY): Result<Money, string> {
    let text: string;
    if (typeof amount === 'number') {
      if (!Number.isFinite(amount)) return err('must be a finite number');
      if (amount < 0) return err('must not be negative');
      // String(n) is the shortest representation that round-trips, so 0.1 + 0.2 shows its 17 digits
      // and is rejected below rather than silently rounded.
      text = String(amount);
      if (text.includes('e')) return err('must have at most 2 decimal places and at most 13 integer digits');
    } else {
      text = amount.trim();
      if (text.startsWith('-')) return err('must not be negative');
    }
    const match = DECIMAL_PATTERN.exec(text);
    if (!match) return err('must be a decimal amount with at most 2 decimal places, e.g. "100.00"');
    const whole = match[1] ?? '0';
    const fraction = (match[2] ?? '').padEnd(2, '0');
    if (whole.length > 13) return err('is too large');
    const minorUnits = Number(whole) * 100 + Number(fraction);
    if (minorUnits > MAX_MINOR_UNITS) return err('is too large');
    return ok(new Money(minorUnits, currency));
  }

  static fromMinorUnits(minorUnits: number, currency: Currency): Result<Money, string> {
    if (!Number.isSafeInteger(minorUnits) || minorUnits < 0 || minorUnits > MAX_MINOR_UNITS) {
      return err('must be a whole number of minor units within range');
    }
    return ok(new Money(minorUnits, currency));
  }

  /** "1234.50": the form the API and the events show. */
  toDecimalString(): string {
    const whole = Math.floor(this.minorUnits / 100);
    const cents = this.minorUnits % 100;
    return `${whole}.${cents.toString().padStart(2, '0')}`;
  }

  equals(other: Money): boolean {
    return this.minorUnits === other.minorUnits && this.currency === other.currency;
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }
}
