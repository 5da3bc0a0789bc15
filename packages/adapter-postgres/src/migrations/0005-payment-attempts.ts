import type { Knex } from 'knex';

/**
 * The payment ledger: one row per attempt to charge an invoice, written before the gateway is called.
 * No foreign key to invoices or users, on purpose: the record that money moved must survive deleting
 * them. `check_after` is set while the reconciler has something to do (an unsettled attempt, a refund
 * due), so its partial index holds only those rows however long the ledger grows.
 *
 * Invoices already waiting for a payment get their entry, due in five minutes (the default reconcile
 * time): a charge that was in flight when this migration ran is then found by its key like any other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE payment_attempts (
      invoice_id      uuid NOT NULL,
      attempt         integer NOT NULL CHECK (attempt >= 1),
      user_id         uuid NOT NULL,
      idempotency_key text NOT NULL CONSTRAINT payment_attempts_idempotency_key_unique UNIQUE,
      amount          numeric(15, 2) NOT NULL CHECK (amount > 0),
      currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      state           text NOT NULL
                      CHECK (state IN ('requested', 'started', 'succeeded', 'declined', 'not_charged', 'refund_due', 'refunded')),
      charge_id       text,
      refund_id       text,
      detail          text,
      created_at      timestamptz NOT NULL,
      updated_at      timestamptz NOT NULL,
      check_after     timestamptz,
      PRIMARY KEY (invoice_id, attempt),
      CONSTRAINT payment_attempts_charged_has_charge_id
        CHECK (state NOT IN ('succeeded', 'refund_due', 'refunded') OR charge_id IS NOT NULL),
      CONSTRAINT payment_attempts_refunded_has_refund_id CHECK ((state = 'refunded') = (refund_id IS NOT NULL))
    );
    CREATE INDEX payment_attempts_due ON payment_attempts (check_after) WHERE check_after IS NOT NULL;
    CREATE INDEX payment_attempts_by_user ON payment_attempts (user_id);

    INSERT INTO payment_attempts
      (invoice_id, attempt, user_id, idempotency_key, amount, currency, state, created_at, updated_at, check_after)
    SELECT id, payment_attempt, user_id, id || ':' || payment_attempt, amount, currency, 'requested', updated_at, now(),
           now() + interval '5 minutes'
      FROM invoices
     WHERE status = 'payment_requested';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS payment_attempts');
}
