import * as logs from 'aws-cdk-lib/aws-logs';
import type { HexabillStackProps } from './hexabill-stack-props.js';
import { StackConfigError } from './stack-config-error.js';

/** The port the API listens on behind the load balancer (PORT); metrics must live elsewhere. */
export const API_PORT = 3000;

export const STACK_DEFAULTS = {
  databaseMultiAz: true,
  databaseInstanceType: 't4g.micro',
  databaseDeletionProtection: true,
  apiMinCount: 2,
  apiMaxCount: 10,
  workerMinCount: 1,
  workerMaxCount: 10,
  docsEnabled: false,
  logRetentionDays: 30,
  metricsPort: 9464,
} as const;

export const MISSING_TLS_MESSAGE =
  'the public load balancer needs TLS: give certificateArn (an ACM certificate in the stack region), ' +
  'or hostedZoneId, hostedZoneName and domainName (a Route 53 zone to create the certificate in); ' +
  'only for a throwaway environment, set insecureHttp=true to serve plain HTTP';

export type PublicEndpoint =
  | {
      readonly protocol: 'https';
      readonly certificateArn?: string;
      readonly domainName?: string;
      readonly hostedZone?: { readonly hostedZoneId: string; readonly zoneName: string };
    }
  | { readonly protocol: 'http' };

export interface TaskCounts {
  readonly desired: number;
  readonly min: number;
  readonly max: number;
}

/** Where the worker sends password-reset e-mails, and where they link to. */
export interface MailSettings {
  readonly smtpSecretArn: string;
  readonly passwordResetUrl: string;
}

/** The props with defaults applied and every rule checked: what the stack builds from. */
export interface StackSettings {
  readonly endpoint: PublicEndpoint;
  readonly mail: MailSettings;
  readonly database: { readonly multiAz: boolean; readonly instanceType: string; readonly deletionProtection: boolean };
  readonly api: TaskCounts;
  readonly worker: TaskCounts;
  readonly docsEnabled: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly metricsPort: number;
}

const RETENTION_BY_DAYS = new Map<number, logs.RetentionDays>(
  Object.values(logs.RetentionDays)
    .filter((v): v is logs.RetentionDays => typeof v === 'number')
    .map((retention) => [retention, retention]),
);
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Checks the props and fills in the defaults; throws a StackConfigError listing every problem.
 * `region` is the stack's region when it is known at synthesis (for the certificate's region check).
 */
export function resolveStackSettings(props: HexabillStackProps, region?: string): StackSettings {
  const problems: string[] = [];
  const endpoint = publicEndpoint(props, region, problems);
  const mail = mailSettings(props, problems);

  const instanceType = (props.databaseInstanceType ?? STACK_DEFAULTS.databaseInstanceType).replace(/^db\./, '');
  if (!INSTANCE_TYPE.test(instanceType))
    problems.push(`databaseInstanceType: "${props.databaseInstanceType}" is not an instance class such as t4g.small or m7g.large`);

  const api = taskCounts('api', props.apiDesiredCount, props.apiMinCount ?? STACK_DEFAULTS.apiMinCount, props.apiMaxCount, problems);
  const worker = taskCounts(
    'worker',
    props.workerDesiredCount,
    props.workerMinCount ?? STACK_DEFAULTS.workerMinCount,
    props.workerMaxCount,
    problems,
  );

  const logRetentionDays = props.logRetentionDays ?? STACK_DEFAULTS.logRetentionDays;
  const logRetention = RETENTION_BY_DAYS.get(logRetentionDays);
  if (logRetention === undefined)
    problems.push(
      `logRetentionDays: ${logRetentionDays} is not a CloudWatch retention period (one of ${[...RETENTION_BY_DAYS.keys()].join(', ')})`,
    );

  const metricsPort = props.metricsPort ?? STACK_DEFAULTS.metricsPort;
  if (!Number.isInteger(metricsPort) || metricsPort < 1 || metricsPort > 65_535)
    problems.push(`metricsPort: ${metricsPort} is not a TCP port (1-65535)`);
  else if (metricsPort === API_PORT)
    problems.push(`metricsPort: ${metricsPort} is the API port behind the load balancer; metrics need a port of their own`);

  if (problems.length > 0 || logRetention === undefined) throw new StackConfigError(problems);
  return {
    endpoint,
    mail,
    database: {
      multiAz: props.databaseMultiAz ?? STACK_DEFAULTS.databaseMultiAz,
      instanceType,
      deletionProtection: props.databaseDeletionProtection ?? STACK_DEFAULTS.databaseDeletionProtection,
    },
    api,
    worker,
    docsEnabled: props.docsEnabled ?? STACK_DEFAULTS.docsEnabled,
    logRetention,
    metricsPort,
  };
}

function mailSettings(props: HexabillStackProps, problems: string[]): MailSettings {
  const { smtpSecretArn = '', passwordResetUrl = '' } = props;
  if (smtpSecretArn === '')
    problems.push(
      'smtpSecretArn: the worker sends password-reset e-mails and does not start without an SMTP server: give the complete ARN of a Secrets Manager secret whose value is the SMTP URL (smtps://user:password@host:465)',
    );
  else if (!SECRET_ARN.test(smtpSecretArn))
    problems.push(
      `smtpSecretArn: "${smtpSecretArn}" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`,
    );
  if (passwordResetUrl === '') problems.push("passwordResetUrl: give your app's password-reset page, which reset e-mails link to");
  else if (!/^https?:\/\/[^\s/]+/.test(passwordResetUrl)) problems.push(`passwordResetUrl: "${passwordResetUrl}" is not an http(s) URL`);
  return { smtpSecretArn, passwordResetUrl };
}

function publicEndpoint(props: HexabillStackProps, region: string | undefined, problems: string[]): PublicEndpoint {
  const { certificateArn, domainName, hostedZoneId, hostedZoneName } = props;
  const hasZone = hostedZoneId !== undefined || hostedZoneName !== undefined;
  if (props.insecureHttp === true) {
    if (certificateArn !== undefined || hasZone)
      problems.push('insecureHttp: true turns TLS off, yet a certificate or hosted zone is given; drop one or the other');
    return { protocol: 'http' };
  }
  if (certificateArn === undefined && !hasZone) {
    problems.push(`certificateArn: ${MISSING_TLS_MESSAGE}`);
    return { protocol: 'http' };
  }

  if (certificateArn !== undefined) {
    const arnRegion = CERTIFICATE_ARN.exec(certificateArn)?.[1];
    if (arnRegion === undefined)
      problems.push(`certificateArn: "${certificateArn}" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`);
    else if (region !== undefined && arnRegion !== region)
      problems.push(`certificateArn: the certificate is in ${arnRegion}, but a load balancer in ${region} needs one from ${region}`);
  }
  if (domainName !== undefined && !HOST_NAME.test(domainName))
    problems.push(`domainName: "${domainName}" is not a host name such as api.example.com`);

  if (!hasZone) return { protocol: 'https', certificateArn, domainName };
  if (hostedZoneId === undefined || hostedZoneName === undefined) {
    problems.push('hostedZoneId, hostedZoneName: give both, or neither');
    return { protocol: 'https', certificateArn, domainName };
  }
  const zoneName = hostedZoneName.replace(/\.$/, '');
  if (domainName === undefined) problems.push('domainName: required with a hosted zone (the name to point at the load balancer)');
  else if (domainName !== zoneName && !domainName.endsWith(`.${zoneName}`))
    problems.push(`domainName: "${domainName}" is not in the hosted zone ${zoneName}`);
  return { protocol: 'https', certificateArn, domainName, hostedZone: { hostedZoneId, zoneName } };
}

function taskCounts(
  part: 'api' | 'worker',
  desired: number | undefined,
  min: number,
  max: number | undefined,
  problems: string[],
): TaskCounts {
  const resolved = { desired: desired ?? min, min, max: max ?? Math.max(min, STACK_DEFAULTS[`${part}MaxCount`]) };
  const names = { desired: `${part}DesiredCount`, min: `${part}MinCount`, max: `${part}MaxCount` } as const;
  let valid = true;
  for (const key of ['desired', 'min', 'max'] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) {
      problems.push(`${names[key]}: ${value} is not a whole number of tasks of at least 1`);
      valid = false;
    }
  }
  if (valid && !(resolved.min <= resolved.desired && resolved.desired <= resolved.max))
    problems.push(
      `${names.min}, ${names.desired}, ${names.max}: need min <= desired <= max, got ${resolved.min}, ${resolved.desired}, ${resolved.max}`,
    );
  return resolved;
}
