import type { Invoice } from '../billing/invoice.js';
import type { PaymentGateway } from '../billing/payment-gateway.js';
import { PaymentReconciler } from '../billing/payment-reconciler.js';
import { DEFAULT_PAYMENT_TIMINGS, PaymentReconciliation, type PaymentTimings } from '../billing/payment-reconciliation.js';
import { createEventHandlers } from '../event-handlers.js';
import { ok } from '../kernel/result.js';
import type { EventHandler } from '../messaging/event-handler.js';
import { OutboxRelay } from '../messaging/outbox-relay.js';
import { createUseCases, type UseCases } from '../use-cases.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../users/login-limits.js';
import type { PasswordHasher } from '../users/password-hasher.js';
import type { Mailer } from '../users/mailer.js';
import type { PasswordResetLimits } from '../users/password-reset-limits.js';
import { DEFAULT_PASSWORD_RESET_LIMITS } from '../users/password-reset-limits.js';
import type { RateLimiter } from '../users/rate-limiter.js';
import { SessionVersionCache } from '../users/session-version-cache.js';
import type { User } from '../users/user.js';
import { FakePasswordHasher } from './fake-password-hasher.js';
import { FakePaymentGateway } from './fake-payment-gateway.js';
import { FakeAccessTokens } from './fake-access-tokens.js';
import { FakeOpaqueTokens } from './fake-opaque-tokens.js';
import { FixedClock } from './fixed-clock.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryOutboxStore } from './in-memory-outbox-store.js';
import { InMemoryRateLimiter } from './in-memory-rate-limiter.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
import { RecordingLogger } from './recording-logger.js';
import { RecordingMailer } from './recording-mailer.js';
import { RecordingPublisher } from './recording-publisher.js';
import { SequentialIdGenerator } from './sequential-id-generator.js';

/** Ports a test may swap; the clock, ids and logger stay the kit's own fakes, so tests can steer and read them. */
export interface TestKitOverrides<G extends PaymentGateway = FakePaymentGateway, H extends PasswordHasher = FakePasswordHasher> {
  readonly gateway?: G;
  readonly hasher?: H;
  readonly mailer?: Mailer;
  readonly loginLimiter?: RateLimiter;
  readonly loginLimits?: LoginLimits;
  /** When stuck payments are reconciled (default: DEFAULT_PAYMENT_TIMINGS). */
  readonly timings?: PaymentTimings;
  readonly resetLimiter?: RateLimiter;
  readonly resetLimits?: PasswordResetLimits;
}

/** The reset page the kit's e-mails link to. */
export const TEST_PASSWORD_RESET_URL = 'https://app.example.com/reset-password';

/** As the queues' default: a handler's transient failure would be redelivered, so `drain` reports it instead. */
const MAX_ATTEMPTS = 5;

export interface DrainReport {
  /** Events published by the relay, in order. */
  readonly published: number;
  /** Deliveries to handlers (one per subscribed handler and event). */
  readonly delivered: number;
}

export interface TestKit<G extends PaymentGateway = FakePaymentGateway, H extends PasswordHasher = FakePasswordHasher> extends UseCases {
  readonly clock: FixedClock;
  readonly ids: SequentialIdGenerator;
  readonly database: InMemoryDatabase;
  readonly outbox: InMemoryOutboxStore;
  readonly uow: InMemoryUnitOfWork;
  readonly hasher: H;
  readonly tokens: FakeAccessTokens;
  readonly opaqueTokens: FakeOpaqueTokens;
  readonly sessions: SessionVersionCache;
  /** The mailbox reset e-mails land in (unless a mailer was passed in). */
  readonly mailbox: RecordingMailer;
  readonly gateway: G;
  readonly logger: RecordingLogger;
  readonly handlers: readonly EventHandler[];
  /** The worker's reconciler of stuck payments (run it with `runOnce()`). */
  readonly reconciler: PaymentReconciler;
  /** Stores aggregates directly (no events), for arranging a test. */
  seed(...aggregates: (User | Invoice)[]): Promise<void>;
  /**
   * Runs the message flow to a standstill, as relay → broker → consumers would: publishes every
   * outbox row, hands each event to every handler subscribed to it, and repeats while handling
   * writes new events (a payment request ends `paid` after one call). A handler's `Err` (which
   * a broker would redeliver) is thrown, naming the consumer.
   */
  drain(): Promise<DrainReport>;
}

/**
 * The whole core wired to fakes: one call to get a working hexabill in memory. Pass overrides to
 * swap a port; the use cases and handlers are built on whatever you pass.
 */
export function createTestKit<G extends PaymentGateway = FakePaymentGateway, H extends PasswordHasher = FakePasswordHasher>(
  overrides: TestKitOverrides<G, H> = {},
): TestKit<G, H> {
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const database = new InMemoryDatabase();
  const outbox = new InMemoryOutboxStore(clock);
  const uow = new InMemoryUnitOfWork(database, outbox, ids, clock);
  const hasher = overrides.hasher ?? (new FakePasswordHasher() as unknown as H);
  const tokens = new FakeAccessTokens();
  const opaqueTokens = new FakeOpaqueTokens();
  const sessions = new SessionVersionCache(uow);
  const mailbox = new RecordingMailer();
  const gateway = overrides.gateway ?? (new FakePaymentGateway() as unknown as G);
  const logger = new RecordingLogger();
  const loginLimiter = overrides.loginLimiter ?? new InMemoryRateLimiter(clock);
  const loginLimits = overrides.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const resetLimiter = overrides.resetLimiter ?? new InMemoryRateLimiter(clock);
  const resetLimits = overrides.resetLimits ?? DEFAULT_PASSWORD_RESET_LIMITS;
  const timings = overrides.timings ?? DEFAULT_PAYMENT_TIMINGS;
  const useCases = createUseCases({
    uow,
    hasher,
    tokens,
    verifier: tokens,
    opaqueTokens,
    sessions,
    ids,
    clock,
    gateway,
    logger,
    timings,
    loginLimiter,
    loginLimits,
    resetLimiter,
    resetLimits,
  });
  const mailer = overrides.mailer ?? mailbox;
  const handlers = createEventHandlers({
    uow,
    gateway,
    clock,
    logger,
    timings,
    mailer,
    opaqueTokens,
    passwordResetUrl: TEST_PASSWORD_RESET_URL,
  });
  const reconciler = new PaymentReconciler(new PaymentReconciliation({ uow, gateway, clock, logger, timings }), logger);
  const broker = new RecordingPublisher();
  const relay = new OutboxRelay(outbox, broker, clock, logger);

  async function seed(...aggregates: (User | Invoice)[]): Promise<void> {
    await uow.transaction(async (tx) => {
      for (const aggregate of aggregates) {
        const added = 'email' in aggregate ? await tx.users.add(aggregate) : await tx.invoices.add(aggregate);
        if (added.isErr()) throw new Error(`seeding failed: ${added.error.message}`);
      }
      return ok(undefined);
    });
  }

  async function drain(): Promise<DrainReport> {
    let published = 0;
    let delivered = 0;
    for (;;) {
      const before = broker.published.length;
      const round = await relay.relayOnce();
      const fresh = broker.published.slice(before);
      published += fresh.length;
      for (const { envelope } of fresh) {
        for (const handler of handlers) {
          if (!handler.subscription.eventTypes.includes(envelope.event_type)) continue;
          const handled = await handler.handle(envelope, { attempt: 1, maxAttempts: MAX_ATTEMPTS });
          if (handled.isErr())
            throw new Error(`${handler.subscription.consumer} failed on ${envelope.event_type}: ${handled.error.message}`);
          delivered += 1;
        }
      }
      if (round.claimed === 0) return { published, delivered };
    }
  }

  return {
    clock,
    ids,
    database,
    outbox,
    uow,
    hasher,
    tokens,
    opaqueTokens,
    sessions,
    mailbox,
    gateway,
    logger,
    handlers,
    reconciler,
    seed,
    drain,
    ...useCases,
  };
}
