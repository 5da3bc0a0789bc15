import { describe, expect, it } from 'vitest';
import { Principals } from '../src/index.js';
import { createTestKit } from '../src/testing/index.js';

describe('a malformed id', () => {
  it('is "not found" for every use case that takes one, before any storage sees it', async () => {
    const kit = createTestKit();
    const ctx = { principal: Principals.admin('00000000-0000-7000-8000-00000000000a') };
    const id = "1' OR '1'='1";
    expect((await kit.getUser.execute({ id }, ctx))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect((await kit.updateUser.execute({ id, name: 'x' }, ctx))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect((await kit.deleteUser.execute({ id }, ctx))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect((await kit.getInvoice.execute({ id }, ctx))._unsafeUnwrapErr().code).toBe('INVOICE_NOT_FOUND');
    expect((await kit.requestInvoicePayment.execute({ id }, ctx))._unsafeUnwrapErr().code).toBe('INVOICE_NOT_FOUND');
  });
});
