import { randomBytes } from 'node:crypto';
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { createAwsClients, type AwsClients } from '../../src/index.js';

export interface Emulator {
  readonly server: FauxqsServer;
  readonly clients: AwsClients;
  stop(): Promise<void>;
}

/** fauxqs in this process, on a free loopback port, with clients pointed at it. */
export async function startEmulator(): Promise<Emulator> {
  const server = await startFauxqs({ port: 0, logger: false });
  const clients = createAwsClients({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${server.port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    server,
    clients,
    stop: async () => {
      clients.destroy();
      await server.stop();
    },
  };
}

/** A name prefix no other test uses. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/** Receives everything currently visible on a queue (several short polls). */
export async function drain(clients: AwsClients, queueUrl: string, polls = 3): Promise<Message[]> {
  const all: Message[] = [];
  for (let i = 0; i < polls; i += 1) {
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    all.push(...(Messages ?? []));
  }
  return all;
}
