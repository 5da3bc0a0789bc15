import type { Message } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type Context, type Span } from '@opentelemetry/api';

export const TRACER_NAME = '@hexabill/adapter-aws';

/** W3C trace-context keys carried as message attributes (SNS allows ten; hexabill uses five at most). */
const TRACE_KEYS = ['traceparent', 'tracestate'] as const;

/**
 * Starts the publish span of one event as a child of the context it was written in (the outbox row's
 * `traceparent`), and returns the attributes that carry the publish span onward to the consumers.
 * With tracing off the stored context passes through unchanged.
 */
export function publishTraceAttributes(
  eventType: string,
  stored: Readonly<Record<string, string>> | undefined,
  topic: string,
): { span: Span; attributes: Record<string, MessageAttributeValue> } {
  const parent = stored ? propagation.extract(ROOT_CONTEXT, stored) : ROOT_CONTEXT;
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `publish ${eventType}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'aws_sns', 'messaging.destination.name': topic, 'hexabill.event_type': eventType },
    },
    parent,
  );
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  const carried = Object.keys(carrier).length > 0 ? carrier : (stored ?? {});
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const key of TRACE_KEYS) {
    const value = carried[key];
    if (value !== undefined) attributes[key] = { DataType: 'String', StringValue: value };
  }
  return { span, attributes };
}

/** The trace context an SQS message carries (raw delivery: SNS's attributes are the message's). */
export function contextOfMessage(message: Message): Context {
  const carrier: Record<string, string> = {};
  for (const key of TRACE_KEYS) {
    const value = message.MessageAttributes?.[key]?.StringValue;
    if (value !== undefined) carrier[key] = value;
  }
  return Object.keys(carrier).length > 0 ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/**
 * Runs a consumer's handling of one message in a CONSUMER span that continues the message's trace:
 * every delivery of the message, redeliveries included, joins the trace of the request that caused it.
 */
export function inConsumerSpan<T>(
  message: Message,
  consumer: string,
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = contextOfMessage(message);
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `process ${consumer}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'aws_sqs',
        'messaging.consumer.group.name': consumer,
        'messaging.message.id': message.MessageId ?? '',
        ...attributes,
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}
