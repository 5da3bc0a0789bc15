import type { Knex } from 'knex';

/** A migration module: `up` and `down`, and `config.transaction = false` when it must run outside a transaction. */
export interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
  readonly config?: { readonly transaction?: boolean };
}
