import { describe, expect, it } from 'vitest';
import { nextRefreshToken, type RefreshToken } from '../../users/refresh-token.js';
import { aUser } from '../builders.js';
import { useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

const LIMITS = { maxLifetimeSeconds: 3600, idleTimeoutSeconds: 600 };
const NOW = new Date('2026-03-01T10:00:00.000Z');

function tokenFor(userId: string, family?: RefreshToken): RefreshToken {
  const id = aUser().id;
  return nextRefreshToken({
    id,
    userId,
    digest: `digest-${id}`,
    now: NOW,
    limits: LIMITS,
    ...(family ? { family: { id: family.familyId, expiresAt: family.familyExpiresAt } } : {}),
  });
}

/** What every `RefreshTokenStore` must do (reached through its unit of work). */
export function refreshTokenStoreContract(name: string, make: MakePersistenceFixture): void {
  describe(`RefreshTokenStore contract: ${name}`, () => {
    const f = useFixture(make);

    async function aUserWithTokens(count: number): Promise<{ userId: string; tokens: RefreshToken[] }> {
      const user = aUser();
      const first = tokenFor(user.id);
      const tokens = [first, ...Array.from({ length: count - 1 }, () => tokenFor(user.id, first))];
      await within(f().uow, async (tx) => {
        await tx.users.add(user);
        for (const token of tokens) await tx.refreshTokens.add(token);
      });
      return { userId: user.id, tokens };
    }

    it('stores a token and finds it by its digest, every field intact', async () => {
      const { tokens } = await aUserWithTokens(1);
      const [token] = tokens;
      if (!token) throw new Error('expected a token');
      expect(await within(f().uow, (tx) => tx.refreshTokens.findByDigest(token.digest))).toEqual(token);
      expect(await within(f().uow, (tx) => tx.refreshTokens.findByDigest('digest-of-nothing'))).toBeNull();
    });

    it('marks a token used once: the second mark, or a mark of a revoked token, is refused', async () => {
      const { tokens } = await aUserWithTokens(2);
      const [a, b] = tokens as [RefreshToken, RefreshToken];
      const later = new Date(NOW.getTime() + 1_000);
      expect(await within(f().uow, (tx) => tx.refreshTokens.markUsed(a.id, later))).toBe(true);
      expect(await within(f().uow, (tx) => tx.refreshTokens.markUsed(a.id, later))).toBe(false);
      expect((await within(f().uow, (tx) => tx.refreshTokens.findByDigest(a.digest)))?.usedAt).toEqual(later);
      await within(f().uow, (tx) => tx.refreshTokens.revokeFamily(b.familyId, later));
      expect(await within(f().uow, (tx) => tx.refreshTokens.markUsed(b.id, later))).toBe(false);
    });

    it('revokes a whole family, and only that family', async () => {
      const { userId, tokens } = await aUserWithTokens(3);
      const other = tokenFor(userId);
      await within(f().uow, (tx) => tx.refreshTokens.add(other));
      const at = new Date(NOW.getTime() + 5_000);
      await within(f().uow, (tx) => tx.refreshTokens.revokeFamily(tokens[0]?.familyId ?? '', at));
      for (const token of tokens)
        expect((await within(f().uow, (tx) => tx.refreshTokens.findByDigest(token.digest)))?.revokedAt).toEqual(at);
      expect((await within(f().uow, (tx) => tx.refreshTokens.findByDigest(other.digest)))?.revokedAt).toBeNull();
    });

    it('revokes every family of a user but the one spared, and nobody else’s', async () => {
      const alice = await aUserWithTokens(1);
      const spared = tokenFor(alice.userId);
      const third = tokenFor(alice.userId);
      const bob = await aUserWithTokens(1);
      await within(f().uow, async (tx) => {
        await tx.refreshTokens.add(spared);
        await tx.refreshTokens.add(third);
      });
      const at = new Date(NOW.getTime() + 7_000);
      await within(f().uow, (tx) => tx.refreshTokens.revokeAllOf(alice.userId, at, spared.familyId));
      const revokedAt = async (token: RefreshToken | undefined) =>
        (await within(f().uow, (tx) => tx.refreshTokens.findByDigest(token?.digest ?? '')))?.revokedAt ?? null;
      expect(await revokedAt(alice.tokens[0])).toEqual(at);
      expect(await revokedAt(third)).toEqual(at);
      expect(await revokedAt(spared)).toBeNull();
      expect(await revokedAt(bob.tokens[0])).toBeNull();
      await within(f().uow, (tx) => tx.refreshTokens.revokeAllOf(alice.userId, at));
      expect(await revokedAt(spared)).toEqual(at);
    });

    it('keeps nothing a rolled-back transaction wrote', async () => {
      const { tokens } = await aUserWithTokens(1);
      const [token] = tokens as [RefreshToken];
      await f()
        .uow.transaction(async (tx) => {
          await tx.refreshTokens.markUsed(token.id, NOW);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      expect((await within(f().uow, (tx) => tx.refreshTokens.findByDigest(token.digest)))?.usedAt).toBeNull();
    });

    it('loses a user’s tokens with the user', async () => {
      const { userId, tokens } = await aUserWithTokens(2);
      const user = await within(f().uow, (tx) => tx.users.findById(userId));
      if (!user) throw new Error('expected the user');
      await f().uow.transaction((tx) => tx.users.remove(user));
      for (const token of tokens) expect(await within(f().uow, (tx) => tx.refreshTokens.findByDigest(token.digest))).toBeNull();
    });
  });
}
