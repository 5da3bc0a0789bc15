import type { InvoiceEvent } from './billing/invoice-events.js';
import type { EventEnvelope, RecordedEvent } from './shared/domain-event.js';
import { isUuid } from './shared/ids.js';
import { err, ok, type Result } from './shared/result.js';
import type { UserEvent } from './users/user-events.js';

/** Every event hexabill publishes, as it travels: the envelope around a known payload. */
export type HexabillEvent = UserEvent | InvoiceEvent;
export type HexabillEventType = HexabillEvent['event_type'];
export type EnvelopeOf<T extends HexabillEventType> =
  Extract<HexabillEvent, { event_type: T }> extends RecordedEvent<T, infer P> ? EventEnvelope<T, P> : never;
export type HexabillEnvelope = { [T in HexabillEventType]: EnvelopeOf<T> }[HexabillEventType];

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isId: Check = (v) => typeof v === 'string' && isUuid(v);
const isAmount: Check = (v) => typeof v === 'string' && /^\d{1,13}\.\d{2}$/.test(v);
const isCurrency: Check = (v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v);
const isTimestamp: Check = (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isPositiveInt: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdList: Check = (v) => Array.isArray(v) && v.every(isId);

const amountFields = { invoice_id: isId, user_id: isId, amount: isAmount, currency: isCurrency };

/** The payload fields each event type must carry (more are allowed: consumers tolerate additions). */
const PAYLOAD_SCHEMAS: Readonly<Record<HexabillEventType, Readonly<Record<string, Check>>>> = {
  'user.created': { user_id: isId, email: isString, name: isString },
  'user.updated': { user_id: isId, changes: isObject },
  'user.deleted': { user_id: isId, deleted_invoice_ids: isIdList },
  'invoice.created': amountFields,
  'invoice.payment_requested': { ...amountFields, payment_attempt: isPositiveInt },
  'invoice.paid': { ...amountFields, paid_at: isTimestamp, charge_id: isString },
  'invoice.payment_failed': { invoice_id: isId, reason: isString },
};

export const EVENT_TYPES = Object.keys(PAYLOAD_SCHEMAS) as HexabillEventType[];

export function isKnownEventType(type: string): type is HexabillEventType {
  return Object.hasOwn(PAYLOAD_SCHEMAS, type);
}

/**
 * Checks that an incoming message is a well-formed envelope of a known event type with the
 * payload that type requires. Consumers call it before dispatching.
 */
export function parseEventEnvelope(input: unknown): Result<HexabillEnvelope, string> {
  if (!isObject(input)) return err('the message is not a JSON object');
  const problems: string[] = [];
  const envelopeChecks: Record<string, Check> = {
    event_id: isId,
    event_type: isString,
    event_version: isPositiveInt,
    aggregate_type: isString,
    aggregate_id: isString,
    occurred_at: isTimestamp,
    correlation_id: isString,
    causation_id: (v) => v === null || isString(v),
  };
  for (const [field, check] of Object.entries(envelopeChecks)) {
    if (!check(input[field])) problems.push(`${field} is missing or invalid`);
  }
  const type = input.event_type;
  if (typeof type === 'string' && !isKnownEventType(type)) problems.push(`unknown event_type "${type}"`);
  const payload = input.payload;
  if (!isObject(payload)) {
    problems.push('payload must be an object');
  } else if (typeof type === 'string' && isKnownEventType(type)) {
    for (const [field, check] of Object.entries(PAYLOAD_SCHEMAS[type])) {
      if (!check(payload[field])) problems.push(`payload.${field} is missing or invalid`);
    }
  }
  return problems.length > 0 ? err(problems.join('; ')) : ok(input as unknown as HexabillEnvelope);
}

export function isEventOfType<T extends HexabillEventType>(event: EventEnvelope, type: T): event is EnvelopeOf<T> {
  return event.event_type === type && parseEventEnvelope(event).isOk();
}
