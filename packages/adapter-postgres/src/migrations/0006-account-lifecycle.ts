import type { Knex } from 'knex';

/**
 * The account lifecycle:
 * - `users.session_version`: access tokens carry the version they were issued at and are refused
 *   once it moved on. A constant default makes adding the column a catalogue change only (no rewrite
 *   of a large table); existing tokens, which carry no version, are refused — their users sign in again.
 * - `refresh_tokens`: one row per token, its SHA-256 only; `family_id` groups a session's rotations.
 * - `password_resets`: one row per reset request (with no user when no account has the address),
 *   the digest of the e-mailed token once it exists.
 * - A trigger NOTIFYs `hexabill_sessions` with the user id whenever a session version changes or a
 *   user is deleted, at commit: every API instance forgets its cached version of that user at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 1 CONSTRAINT users_session_version_positive CHECK (session_version >= 1);

    CREATE TABLE refresh_tokens (
      id                uuid PRIMARY KEY,
      family_id         uuid NOT NULL,
      user_id           uuid NOT NULL CONSTRAINT refresh_tokens_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
      token_digest      text NOT NULL CONSTRAINT refresh_tokens_digest_unique UNIQUE,
      created_at        timestamptz NOT NULL,
      expires_at        timestamptz NOT NULL,
      family_expires_at timestamptz NOT NULL,
      used_at           timestamptz,
      revoked_at        timestamptz,
      CONSTRAINT refresh_tokens_expiry_within_family CHECK (expires_at <= family_expires_at)
    );
    CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_live_by_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
    CREATE INDEX refresh_tokens_family_expiry ON refresh_tokens (family_expires_at);

    CREATE TABLE password_resets (
      id           uuid PRIMARY KEY,
      user_id      uuid CONSTRAINT password_resets_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
      token_digest text CONSTRAINT password_resets_digest_unique UNIQUE,
      requested_at timestamptz NOT NULL,
      expires_at   timestamptz NOT NULL,
      used_at      timestamptz,
      version      integer NOT NULL CHECK (version >= 1),
      CONSTRAINT password_resets_token_needs_user CHECK (token_digest IS NULL OR user_id IS NOT NULL)
    );
    CREATE INDEX password_resets_pending_by_user ON password_resets (user_id) WHERE used_at IS NULL;
    CREATE INDEX password_resets_expiry ON password_resets (expires_at);

    CREATE FUNCTION users_sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('hexabill_sessions', OLD.id::text);
      RETURN NULL;
    END;
    $$;
    CREATE TRIGGER users_session_version_changed AFTER UPDATE OF session_version ON users FOR EACH ROW
      WHEN (OLD.session_version IS DISTINCT FROM NEW.session_version) EXECUTE FUNCTION users_sessions_notify();
    CREATE TRIGGER users_deleted_sessions AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_sessions_notify();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS users_deleted_sessions ON users;
    DROP TRIGGER IF EXISTS users_session_version_changed ON users;
    DROP FUNCTION IF EXISTS users_sessions_notify();
    DROP TABLE IF EXISTS password_resets;
    DROP TABLE IF EXISTS refresh_tokens;
    ALTER TABLE users DROP COLUMN IF EXISTS session_version;
  `);
}
