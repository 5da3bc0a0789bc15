import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface AwsSettings {
  readonly region: string;
  /** Set for emulators (fauxqs, LocalStack); leave out for real AWS. */
  readonly endpoint?: string;
  /** Explicit credentials, e.g. for an emulator; real AWS uses the default provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface AwsClients {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  destroy(): void;
}

/**
 * SNS and SQS clients. With an endpoint, requests always go to it — emulators hand out queue URLs on
 * hosts that need not resolve, so the queue URL must not become the endpoint.
 */
export function createAwsClients(settings: AwsSettings): AwsClients {
  const common = {
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  };
  const sns = new SNSClient(common);
  const sqs = new SQSClient({ ...common, ...(settings.endpoint ? { useQueueUrlAsEndpoint: false } : {}) });
  return {
    sns,
    sqs,
    destroy: () => {
      sns.destroy();
      sqs.destroy();
    },
  };
}
