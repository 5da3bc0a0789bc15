import type { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { SnsMessagePublisher } from '../src/index.js';

function stubSns(answer: (entries: { Id: string }[]) => object): SNSClient {
  return {
    send: (command: { input: { PublishBatchRequestEntries: { Id: string }[] } }) =>
      Promise.resolve(answer(command.input.PublishBatchRequestEntries)),
  } as unknown as SNSClient;
}

const message = (id: string) => ({
  id,
  attempts: 1,
  envelope: {
    event_id: id,
    event_type: 'user.created',
    event_version: 1,
    aggregate_type: 'user',
    aggregate_id: id,
    occurred_at: '2026-01-01T00:00:00.000Z',
    correlation_id: 'c',
    causation_id: null,
    payload: {},
  },
});

describe('SnsMessagePublisher failure reporting', () => {
  it('reports exactly the entries SNS failed, so the relay retries only those', async () => {
    const sns = stubSns((entries) => ({
      Successful: entries.filter((e) => e.Id !== '2').map((e) => ({ Id: e.Id })),
      Failed: [{ Id: '2', Code: 'InternalError', Message: 'try again', SenderFault: false }],
    }));
    const outcome = await new SnsMessagePublisher(sns, 'arn:topic').publish(['1', '2', '3'].map(message));
    expect(outcome.failed).toEqual([{ id: '2', error: 'InternalError: try again' }]);
  });

  it('treats an entry SNS did not confirm as failed', async () => {
    const sns = stubSns(() => ({ Successful: [{ Id: '1' }], Failed: [] }));
    const outcome = await new SnsMessagePublisher(sns, 'arn:topic').publish(['1', '2'].map(message));
    expect(outcome.failed.map((f) => f.id)).toEqual(['2']);
  });
});
