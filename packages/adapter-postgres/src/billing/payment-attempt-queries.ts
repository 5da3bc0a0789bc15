import type { Db } from '../pg-database.js';
import { insertInto, statement, valuesOf } from '../sql.js';
import { PAYMENT_ATTEMPT_COLUMNS, type PaymentAttemptRow } from './payment-attempt-row.js';

const COLUMNS = PAYMENT_ATTEMPT_COLUMNS.join(', ');
const CHANGING = PAYMENT_ATTEMPT_COLUMNS.filter((c) => c !== 'invoice_id' && c !== 'attempt' && c !== 'created_at');

const LOCK = statement(
  'payment-attempts.lock',
  `SELECT ${COLUMNS} FROM payment_attempts WHERE invoice_id = $1 AND attempt = $2 FOR UPDATE`,
);
/** SKIP LOCKED: a reconciler never waits for, nor takes, the entry another one holds. */
const LOCK_NEXT_DUE = statement(
  'payment-attempts.lock-next-due',
  `SELECT ${COLUMNS} FROM payment_attempts WHERE check_after <= $1 ORDER BY check_after LIMIT 1 FOR UPDATE SKIP LOCKED`,
);
const UPSERT = statement(
  'payment-attempts.upsert',
  insertInto(
    'payment_attempts',
    PAYMENT_ATTEMPT_COLUMNS,
    `ON CONFLICT (invoice_id, attempt) DO UPDATE SET ${CHANGING.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  ),
);

export async function lockPaymentAttempt(db: Db, invoiceId: string, attempt: number): Promise<PaymentAttemptRow | undefined> {
  return (await db.rows<PaymentAttemptRow>(LOCK, [invoiceId, attempt]))[0];
}

export async function lockNextDuePaymentAttempt(db: Db, now: Date): Promise<PaymentAttemptRow | undefined> {
  return (await db.rows<PaymentAttemptRow>(LOCK_NEXT_DUE, [now]))[0];
}

export async function upsertPaymentAttempt(db: Db, row: PaymentAttemptRow): Promise<void> {
  await db.count(UPSERT, valuesOf(row, PAYMENT_ATTEMPT_COLUMNS));
}
