import { INVOICE_EVENTS } from '../billing/invoice-events.js';
import type { EventEnvelope } from '../kernel/domain-event.js';
import { payloadProblems, type EnvelopeOfGroup, type EventDeclaration, type EventGroup } from '../kernel/event-declaration.js';
import { isUuid } from '../kernel/ids.js';
import { err, ok, type Result } from '../kernel/result.js';
import { PASSWORD_RESET_EVENTS } from '../users/password-reset-events.js';
import { USER_EVENTS } from '../users/user-events.js';

/**
 * The one event catalogue: every event group hexabill publishes. A new aggregate's events are
 * added here (the group and the union below); a new event of an existing aggregate is declared in
 * its group only.
 */
export const EVENT_GROUPS = [USER_EVENTS, PASSWORD_RESET_EVENTS, INVOICE_EVENTS] as const satisfies readonly EventGroup[];

/** Every event hexabill publishes, as it travels: the envelope around its declared payload. */
export type HexabillEnvelope =
  EnvelopeOfGroup<typeof USER_EVENTS> | EnvelopeOfGroup<typeof PASSWORD_RESET_EVENTS> | EnvelopeOfGroup<typeof INVOICE_EVENTS>;
export type HexabillEventType = HexabillEnvelope['event_type'];
export type EnvelopeOf<T extends HexabillEventType> = Extract<HexabillEnvelope, { event_type: T }>;

interface Entry {
  readonly aggregateType: string;
  readonly declaration: EventDeclaration;
}

const ENTRIES = new Map<string, Entry>(
  EVENT_GROUPS.flatMap((group: EventGroup) =>
    Object.entries(group.declarations).map(([type, declaration]) => [type, { aggregateType: group.aggregateType, declaration }] as const),
  ),
);

export const EVENT_TYPES = [...ENTRIES.keys()] as HexabillEventType[];

export function isKnownEventType(type: string): type is HexabillEventType {
  return ENTRIES.has(type);
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const ENVELOPE_FIELDS: Readonly<Record<string, Check>> = {
  event_id: (v) => isString(v) && isUuid(v as string),
  event_type: isString,
  event_version: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0,
  aggregate_type: isString,
  aggregate_id: isString,
  occurred_at: (v) => isString(v) && !Number.isNaN(Date.parse(v as string)),
  correlation_id: isString,
  causation_id: (v) => v === null || isString(v),
};

/**
 * Checks that an incoming message is a well-formed envelope of a known event type, from the
 * aggregate that declares it, with the payload its declaration requires (more fields are allowed:
 * consumers tolerate additions). The consumer adapter calls it once per message.
 */
export function parseEventEnvelope(input: unknown): Result<HexabillEnvelope, string> {
  if (!isObject(input)) return err('the message is not a JSON object');
  const problems = Object.entries(ENVELOPE_FIELDS)
    .filter(([name, check]) => !check(input[name]))
    .map(([name]) => `${name} is missing or invalid`);
  const type = input.event_type;
  const entry = typeof type === 'string' ? ENTRIES.get(type) : undefined;
  if (typeof type === 'string' && !entry) problems.push(`unknown event_type "${type}"`);
  if (entry && typeof input.aggregate_type === 'string' && input.aggregate_type !== entry.aggregateType) {
    problems.push(`aggregate_type of ${String(type)} must be "${entry.aggregateType}"`);
  }
  const payload = input.payload;
  if (!isObject(payload)) problems.push('payload must be an object');
  else if (entry) problems.push(...payloadProblems(entry.declaration, payload));
  return problems.length > 0 ? err(problems.join('; ')) : ok(input as unknown as HexabillEnvelope);
}

/** Narrows an envelope already parsed by `parseEventEnvelope` to one event type. */
export function isEventOfType<T extends HexabillEventType>(event: EventEnvelope, type: T): event is EnvelopeOf<T> {
  return event.event_type === type;
}
