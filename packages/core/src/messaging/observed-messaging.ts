import type { EventHandler } from './event-handler.js';
import type { MessagePublisher } from './outbox.js';

/** One delivery handled by a consumer: `handled`, `duplicate`, `ignored`, or `failed` (an error result or a throw). */
export interface HandlerRun {
  readonly consumer: string;
  readonly outcome: string;
  readonly durationMs: number;
}

/** The handlers, each reporting every delivery's outcome and duration to `observe` (metrics). */
export function observedEventHandlers(
  handlers: readonly EventHandler[],
  observe: (run: HandlerRun) => void,
  /** Milliseconds from any origin: pass `performance.now` where there is one. */
  now: () => number = Date.now,
): EventHandler[] {
  return handlers.map((handler) => ({
    subscription: handler.subscription,
    handle: async (event, delivery) => {
      const started = now();
      const report = (outcome: string): void => {
        observe({ consumer: handler.subscription.consumer, outcome, durationMs: now() - started });
      };
      try {
        const result = await handler.handle(event, delivery);
        report(result.isOk() ? result.value : 'failed');
        return result;
      } catch (error) {
        report('failed');
        throw error;
      }
    },
  }));
}

/** One round of the relay's publishing: how many messages reached the broker and how many did not. */
export interface PublishRound {
  readonly published: number;
  readonly failed: number;
}

/** The publisher, reporting each round to `observe` (metrics); a throw counts every message as failed. */
export function observedPublisher(publisher: MessagePublisher, observe: (round: PublishRound) => void): MessagePublisher {
  return {
    publish: async (messages) => {
      try {
        const outcome = await publisher.publish(messages);
        observe({ published: messages.length - outcome.failed.length, failed: outcome.failed.length });
        return outcome;
      } catch (error) {
        observe({ published: 0, failed: messages.length });
        throw error;
      }
    },
  };
}
