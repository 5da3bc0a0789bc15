import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HexabillStack, type HexabillStackProps } from '../src/index.js';

export const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/hexabill:1.0.0';
export const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
export const SMTP_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hexabill-smtp-AbCdEf';
export const PASSWORD_RESET_URL = 'https://app.example.com/reset-password';

/** The stack synthesised offline in eu-west-1; by default with an existing certificate, as in production. */
export function synthTemplate(overrides: Partial<HexabillStackProps> = {}): Template {
  const app = new App();
  const stack = new HexabillStack(app, 'Hexabill', {
    image: IMAGE,
    certificateArn: CERTIFICATE_ARN,
    smtpSecretArn: SMTP_SECRET_ARN,
    passwordResetUrl: PASSWORD_RESET_URL,
    env: { account: '123456789012', region: 'eu-west-1' },
    ...overrides,
  });
  return Template.fromStack(stack);
}

export type Resource = { Type: string; Properties: Record<string, unknown> };
export type Resources = Record<string, Resource>;

export interface ContainerDefinition {
  Name: string;
  Command: string[];
  Image: string;
  Environment: { Name: string; Value: unknown }[];
  PortMappings?: { ContainerPort: number; Name?: string }[];
  Secrets: { Name: string }[];
  LogConfiguration: { Options: Record<string, unknown> };
}

export function resourcesOf(template: Template): Resources {
  return (template.toJSON() as { Resources: Resources }).Resources;
}

/** The `api` or `worker` part: its container, task definition, ECS service and scalable target. */
export function partOf(
  template: Template,
  part: 'api' | 'worker',
): {
  container: ContainerDefinition;
  environment: Record<string, unknown>;
  service: Record<string, unknown>;
  serviceId: string;
  scaling: Record<string, unknown>;
} {
  const resources = Object.entries(resourcesOf(template));
  const taskEntry = resources.find(
    ([, r]) =>
      r.Type === 'AWS::ECS::TaskDefinition' &&
      (r.Properties.ContainerDefinitions as ContainerDefinition[]).some((c) => c.Command.join(' ') === part),
  );
  if (!taskEntry) throw new Error(`no task definition runs ${part}`);
  const [taskId, task] = taskEntry;
  const container = (task.Properties.ContainerDefinitions as ContainerDefinition[])[0]!;
  const serviceEntry = resources.find(
    ([, r]) => r.Type === 'AWS::ECS::Service' && JSON.stringify(r.Properties.TaskDefinition) === JSON.stringify({ Ref: taskId }),
  );
  if (!serviceEntry) throw new Error(`no service runs ${part}`);
  const [serviceId, service] = serviceEntry;
  const scaling = resources.find(
    ([, r]) =>
      r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' && JSON.stringify(r.Properties.ResourceId).includes(`"${serviceId}"`),
  )?.[1];
  if (!scaling) throw new Error(`${part} is not autoscaled`);
  return {
    container,
    environment: Object.fromEntries(container.Environment.map((e) => [e.Name, e.Value])),
    service: service.Properties,
    serviceId,
    scaling: scaling.Properties,
  };
}
