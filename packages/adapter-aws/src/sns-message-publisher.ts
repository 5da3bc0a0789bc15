import { PublishBatchCommand, type MessageAttributeValue, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { SpanStatusCode } from '@opentelemetry/api';
import type { MessagePublisher, OutboxMessage, PublishFailure, PublishOutcome } from '@hexabill/core';
import { publishTraceAttributes } from './trace-context.js';

export const SNS_BATCH_LIMIT = 10;

function entryOf(message: OutboxMessage, trace: Record<string, MessageAttributeValue>): PublishBatchRequestEntry {
  const { envelope } = message;
  return {
    Id: message.id,
    Message: JSON.stringify(envelope),
    MessageAttributes: {
      event_type: { DataType: 'String', StringValue: envelope.event_type },
      aggregate_type: { DataType: 'String', StringValue: envelope.aggregate_type },
      correlation_id: { DataType: 'String', StringValue: envelope.correlation_id },
      ...trace,
    },
  };
}

/**
 * Publishes outbox messages to one SNS topic with PublishBatch (10 per call, calls in parallel).
 * Each message's failure is reported back on its own, so the relay retries only those; a call that
 * fails whole reports all of its messages.
 */
export class SnsMessagePublisher implements MessagePublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(messages: readonly OutboxMessage[]): Promise<PublishOutcome> {
    const chunks: OutboxMessage[][] = [];
    for (let i = 0; i < messages.length; i += SNS_BATCH_LIMIT) chunks.push(messages.slice(i, i + SNS_BATCH_LIMIT));
    const failures = await Promise.all(chunks.map((chunk) => this.publishChunk(chunk)));
    return { failed: failures.flat() };
  }

  private async publishChunk(chunk: readonly OutboxMessage[]): Promise<PublishFailure[]> {
    // A publish span per event, continuing the trace its outbox row was written in.
    const traced = chunk.map((m) => publishTraceAttributes(m.envelope.event_type, m.propagation, this.topicArn));
    const failures = await this.sendChunk(
      chunk,
      traced.map((t) => t.attributes),
    );
    const failed = new Map(failures.map((f) => [f.id, f.error]));
    chunk.forEach((m, i) => {
      const span = traced[i]?.span;
      const error = failed.get(m.id);
      if (error !== undefined) span?.setStatus({ code: SpanStatusCode.ERROR, message: error });
      span?.end();
    });
    return failures;
  }

  private async sendChunk(
    chunk: readonly OutboxMessage[],
    traces: readonly Record<string, MessageAttributeValue>[],
  ): Promise<PublishFailure[]> {
    try {
      const result = await this.sns.send(
        new PublishBatchCommand({
          TopicArn: this.topicArn,
          PublishBatchRequestEntries: chunk.map((m, i) => entryOf(m, traces[i] ?? {})),
        }),
      );
      const failed = (result.Failed ?? []).map((f) => ({ id: f.Id ?? '', error: `${f.Code ?? 'Failed'}: ${f.Message ?? ''}` }));
      const answered = new Set([...(result.Successful ?? []).map((s) => s.Id), ...failed.map((f) => f.id)]);
      // An entry SNS did not mention was not confirmed: treat it as failed, never as published.
      const missing = chunk.filter((m) => !answered.has(m.id)).map((m) => ({ id: m.id, error: 'not confirmed by SNS' }));
      return [...failed, ...missing];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return chunk.map((m) => ({ id: m.id, error: message }));
    }
  }
}
