/**
 * The event envelope of SPEC.md. Its field names are the wire format (snake_case), so the same
 * object is written to the outbox, published to SNS and parsed by consumers without mapping.
 */
export interface RecordedEvent<TType extends string = string, TPayload extends object = object> {
  readonly event_type: TType;
  readonly event_version: number;
  readonly aggregate_type: string;
  readonly aggregate_id: string;
  readonly payload: TPayload;
}

export interface EventEnvelope<TType extends string = string, TPayload extends object = object> extends RecordedEvent<TType, TPayload> {
  readonly event_id: string;
  /** ISO-8601, UTC. */
  readonly occurred_at: string;
  /** The request (or message) that started the chain of work. */
  readonly correlation_id: string;
  /** The event that directly caused this one, if any. */
  readonly causation_id: string | null;
}

export interface EventMetadata {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export function envelopeOf<TType extends string, TPayload extends object>(
  event: RecordedEvent<TType, TPayload>,
  metadata: EventMetadata,
): EventEnvelope<TType, TPayload> {
  return {
    event_id: metadata.eventId,
    event_type: event.event_type,
    event_version: event.event_version,
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    occurred_at: metadata.occurredAt.toISOString(),
    correlation_id: metadata.correlationId,
    causation_id: metadata.causationId,
    payload: event.payload,
  };
}
