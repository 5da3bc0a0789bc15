import type { Knex } from 'knex';

/**
 * users, invoices, outbox, processed_messages (inbox) and idempotency_keys.
 * Raw SQL where knex's schema builder cannot say it (expression indexes, partial indexes, triggers).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE users (
      id            uuid PRIMARY KEY,
      email         text NOT NULL CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254),
      name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255),
      age           integer CHECK (age >= 0),
      role          text NOT NULL CHECK (role IN ('user', 'admin')),
      password_hash text NOT NULL,
      created_at    timestamptz NOT NULL,
      updated_at    timestamptz NOT NULL,
      version       integer NOT NULL CHECK (version >= 1)
    );
    CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
    CREATE INDEX users_newest_first ON users (created_at DESC, id DESC);

    CREATE TABLE invoices (
      id              uuid PRIMARY KEY,
      user_id         uuid NOT NULL CONSTRAINT invoices_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
      amount          numeric(15, 2) NOT NULL CHECK (amount > 0),
      currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      status          text NOT NULL CHECK (status IN ('pending', 'payment_requested', 'paid', 'payment_failed')),
      payment_attempt integer NOT NULL DEFAULT 0 CHECK (payment_attempt >= 0),
      charge_id       text,
      failure_reason  text,
      created_at      timestamptz NOT NULL,
      updated_at      timestamptz NOT NULL,
      paid_at         timestamptz,
      version         integer NOT NULL CHECK (version >= 1),
      CONSTRAINT invoices_paid_has_paid_at CHECK ((status = 'paid') = (paid_at IS NOT NULL))
    );
    CREATE INDEX invoices_newest_first ON invoices (created_at DESC, id DESC);
    CREATE INDEX invoices_by_user ON invoices (user_id, created_at DESC, id DESC);
    CREATE INDEX invoices_by_status ON invoices (status, created_at DESC, id DESC);

    CREATE TABLE outbox (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id        uuid NOT NULL CONSTRAINT outbox_event_id_unique UNIQUE,
      event_type      text NOT NULL,
      event_version   integer NOT NULL,
      aggregate_type  text NOT NULL,
      aggregate_id    text NOT NULL,
      occurred_at     timestamptz NOT NULL,
      payload         jsonb NOT NULL,
      headers         jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at      timestamptz NOT NULL DEFAULT now(),
      published_at    timestamptz,
      attempts        integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error      text
    );
    -- "Oldest unpublished" and "head of each aggregate" stay cheap however large the published history grows.
    CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
    CREATE INDEX outbox_unpublished_by_aggregate ON outbox (aggregate_type, aggregate_id, id) WHERE published_at IS NULL;

    -- Wake relays when rows arrive; delivered at commit, once per statement.
    CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('hexabill_outbox', '');
      RETURN NULL;
    END;
    $$;
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

    CREATE TABLE processed_messages (
      consumer     text NOT NULL,
      event_id     uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    );

    CREATE TABLE idempotency_keys (
      scope               text NOT NULL,
      key                 text NOT NULL,
      request_fingerprint text NOT NULL,
      state               text NOT NULL CHECK (state IN ('in_progress', 'completed')),
      response_status     integer,
      response_body       jsonb,
      created_at          timestamptz NOT NULL DEFAULT now(),
      expires_at          timestamptz NOT NULL,
      PRIMARY KEY (scope, key)
    );
    CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS idempotency_keys;
    DROP TABLE IF EXISTS processed_messages;
    DROP TRIGGER IF EXISTS outbox_notify ON outbox;
    DROP TABLE IF EXISTS outbox;
    DROP FUNCTION IF EXISTS outbox_notify();
    DROP TABLE IF EXISTS invoices;
    DROP TABLE IF EXISTS users;
  `);
}
