import { EVENT_SUBSCRIPTIONS } from '@hexabill/core';
import { describe, expect, it } from 'vitest';
import { resourcesOf, synthTemplate } from './synth-template.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

describe('the worker task role', () => {
  const template = synthTemplate();
  const resources = resourcesOf(template);
  const workerTask = Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::ECS::TaskDefinition' &&
      (r.Properties.ContainerDefinitions as { Command: string[] }[]).some((c) => c.Command.join(' ') === 'worker'),
  );
  const roleId = (workerTask?.Properties.TaskRoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const idsOf = (type: string, match: (id: string) => boolean = () => true): string[] =>
    Object.entries(resources)
      .filter(([id, r]) => r.Type === type && match(id))
      .map(([id]) => id);

  /** Whether a statement allows `action` on the resource CloudFormation knows as `id`. */
  function allowed(action: string, reference: unknown): boolean {
    return statements.some((s) => {
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      const targets = Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource];
      return s.Effect === 'Allow' && actions.includes(action) && targets.some((t) => JSON.stringify(t) === JSON.stringify(reference));
    });
  }

  it('may make every call the worker makes at start-up to look up the topology', () => {
    const [topicId] = idsOf('AWS::SNS::Topic');
    const queueIds = idsOf('AWS::SQS::Queue');
    // A queue and its dead-letter queue per consumer.
    expect(queueIds.length).toBe(2 * EVENT_SUBSCRIPTIONS.length);
    expect(allowed('sns:GetTopicAttributes', { Ref: topicId })).toBe(true);
    for (const id of queueIds) {
      for (const action of ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes'])
        expect(allowed(action, { 'Fn::GetAtt': [id, 'Arn'] }), `${action} ${id}`).toBe(true);
    }
  });

  it('publishes to the topic and consumes its queues, but takes no message from a dead-letter queue', () => {
    const [topicId] = idsOf('AWS::SNS::Topic');
    expect(allowed('sns:Publish', { Ref: topicId })).toBe(true);
    const queues = idsOf('AWS::SQS::Queue', (id) => !/dlq/i.test(id));
    const deadLetters = idsOf('AWS::SQS::Queue', (id) => /dlq/i.test(id));
    expect(queues).toHaveLength(EVENT_SUBSCRIPTIONS.length);
    expect(deadLetters).toHaveLength(EVENT_SUBSCRIPTIONS.length);
    for (const id of queues) expect(allowed('sqs:ReceiveMessage', { 'Fn::GetAtt': [id, 'Arn'] }), id).toBe(true);
    for (const id of deadLetters) expect(allowed('sqs:ReceiveMessage', { 'Fn::GetAtt': [id, 'Arn'] }), id).toBe(false);
  });
});
