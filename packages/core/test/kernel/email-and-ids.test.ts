import { describe, expect, it } from 'vitest';
import { Email, isUuid, UuidV7Generator } from '../../src/index.js';

describe('Email', () => {
  it('normalises case and surrounding space', () => {
    expect(Email.parse('  Ada.Lovelace@Example.COM ')._unsafeUnwrap().value).toBe('ada.lovelace@example.com');
  });

  it.each(['', 'plain', 'a@b', 'a b@example.com', 'a@@example.com', '@example.com', `${'x'.repeat(250)}@example.com`])(
    'rejects %j',
    (input) => {
      expect(Email.parse(input).isErr()).toBe(true);
    },
  );
});

describe('UuidV7Generator', () => {
  it('makes RFC 9562 version-7 UUIDs carrying the time', () => {
    const ids = new UuidV7Generator(() => Date.UTC(2026, 0, 1));
    const id = ids.next();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 1));
  });

  it('keeps ids increasing within one millisecond and across a clock step back', () => {
    let now = 1_000_000;
    const ids = new UuidV7Generator(() => now);
    const made: string[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      if (i === 2_500) now -= 10;
      made.push(ids.next());
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });
});
