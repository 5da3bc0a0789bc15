import { err, ok, type Result } from './result.js';

// Deliberately pragmatic: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not regex.
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]{2,}$/;

/** A validated email address, normalised (trimmed, lower-cased) so uniqueness is case-insensitive. */
export class Email {
  private constructor(readonly value: string) {}

  static parse(input: string): Result<Email, string> {
    const normalised = input.trim().toLowerCase();
    if (normalised.length === 0) return err('must not be empty');
    if (normalised.length > 254) return err('must be at most 254 characters');
    if (!EMAIL_PATTERN.test(normalised)) return err('must be a valid email address');
    return ok(new Email(normalised));
  }

  equals(other: Email): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
