import type { EventEnvelope, RecordedEvent } from './domain-event.js';
import { isUuid } from './ids.js';

/**
 * An event type is declared once — its name, version and payload fields — and everything else is
 * derived from that declaration: the payload's TypeScript type, the validator consumers run, the
 * catalogue's list of types and the subscriptions built from it.
 */

/** A payload field: how to check it at the edge, and (as a phantom) the type it has once checked. */
export interface Field<T> {
  readonly check: (value: unknown) => boolean;
  /** Never set: carries `T` for the type of a declared payload. */
  readonly type?: T;
}

function field<T>(check: (value: unknown) => boolean): Field<T> {
  return { check };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field kinds event payloads are made of. */
export const Fields = {
  id: field<string>((v) => isString(v) && isUuid(v)),
  text: field<string>(isString),
  /** A decimal money amount as the API and events show it: "100.00". */
  amount: field<string>((v) => isString(v) && /^\d{1,13}\.\d{2}$/.test(v)),
  currency: field<string>((v) => isString(v) && /^[A-Z]{3}$/.test(v)),
  timestamp: field<string>((v) => isString(v) && !Number.isNaN(Date.parse(v))),
  positiveInt: field<number>((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0),
  idList: field<readonly string[]>((v) => Array.isArray(v) && v.every((id) => isString(id) && isUuid(id))),
  /** One of a fixed set of words, e.g. a role or a reason. */
  oneOf: <const T extends string>(...values: readonly T[]): Field<T> =>
    field<T>((v) => isString(v) && (values as readonly string[]).includes(v)),
  /** An object whose inner shape the producer guarantees (e.g. a diff of changed fields). */
  object: <T extends object>(): Field<T> => field<T>(isObject),
} as const;

export type PayloadSchema = Readonly<Record<string, Field<unknown>>>;
export type PayloadOfSchema<S extends PayloadSchema> = { readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

export interface EventDeclaration<S extends PayloadSchema = PayloadSchema> {
  readonly version: number;
  readonly payload: S;
}

/** The events of one aggregate type. */
export interface EventGroup<
  TAggregate extends string = string,
  TDeclarations extends Readonly<Record<string, EventDeclaration>> = Readonly<Record<string, EventDeclaration>>,
> {
  readonly aggregateType: TAggregate;
  readonly declarations: TDeclarations;
  /** The declared event types, in declaration order. */
  readonly types: readonly string[];
}

export function defineEvents<TAggregate extends string, TDeclarations extends Readonly<Record<string, EventDeclaration>>>(
  aggregateType: TAggregate,
  declarations: TDeclarations,
): EventGroup<TAggregate, TDeclarations> {
  return { aggregateType, declarations, types: Object.keys(declarations) };
}

export type EventTypeOf<G extends EventGroup> = keyof G['declarations'] & string;
export type PayloadOf<G extends EventGroup, T extends EventTypeOf<G>> = PayloadOfSchema<G['declarations'][T]['payload']>;
/** The union of the recorded events of a group, each with its own payload type. */
export type RecordedEventOf<G extends EventGroup> = { [T in EventTypeOf<G>]: RecordedEvent<T, PayloadOf<G, T>> }[EventTypeOf<G>];
/** The union of the envelopes of a group, as consumers receive them. */
export type EnvelopeOfGroup<G extends EventGroup> = { [T in EventTypeOf<G>]: EventEnvelope<T, PayloadOf<G, T>> }[EventTypeOf<G>];

/** Names every payload field that is missing or of the wrong kind. */
export function payloadProblems(declaration: EventDeclaration, payload: Record<string, unknown>): string[] {
  return Object.entries(declaration.payload)
    .filter(([name, f]) => !f.check(payload[name]))
    .map(([name]) => `payload.${name} is missing or invalid`);
}
