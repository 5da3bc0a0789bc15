import { randomBytes } from 'node:crypto';
import { Principals, type HexabillUnitOfWork, type UseCases } from '@hexabill/core';

/** Creates the development admin once; returns its password only when it was just created. */
export async function ensureDevAdmin(
  uow: HexabillUnitOfWork,
  useCases: UseCases,
  email: string,
): Promise<{ email: string; password: string | null }> {
  if (await uow.read((repos) => repos.users.findByEmail(email))) return { email, password: null };
  const password = randomBytes(15).toString('base64url');
  const created = await useCases.registerUser.execute(
    { email, name: 'Development Admin', password, role: 'admin' },
    { principal: Principals.system(), correlationId: 'dev-setup' },
  );
  if (created.isErr()) throw new Error(`could not create the development admin: ${created.error.message}`);
  return { email, password };
}
