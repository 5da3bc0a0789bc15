import type { StackProps } from 'aws-cdk-lib';

/**
 * What an operator decides about one deployment. Every prop but the inherited `StackProps` has a CDK
 * context key of the same name (`cdk deploy -c certificateArn=…`), read by `propsFromContext`.
 * Defaults are the production ones: leaving a switch out never makes a deployment less safe.
 */
export interface HexabillStackProps extends StackProps {
  /** The image built from the repository's Dockerfile, e.g. an ECR URI with a tag. */
  readonly image: string;
  /** Prefix of every topic and queue name (MESSAGING_PREFIX). Default `hexabill`. */
  readonly messagingPrefix?: string;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutSeconds?: number;

  // --- the public endpoint: HTTPS unless insecureHttp -----------------------------------------------
  /**
   * The API's host name, e.g. `api.example.com`. Required with a hosted zone (the certificate and the
   * alias record are made for it); with `certificateArn` alone it only names the `ApiUrl` output.
   */
  readonly domainName?: string;
  /** An existing ACM certificate, in the stack's region, covering `domainName`. */
  readonly certificateArn?: string;
  /**
   * A Route 53 public hosted zone that holds `domainName` (give its id and name together): the stack
   * points `domainName` at the load balancer and, without `certificateArn`, creates a DNS-validated
   * certificate for it.
   */
  readonly hostedZoneId?: string;
  readonly hostedZoneName?: string;
  /** Plain HTTP on port 80 and no certificate. Only for a throwaway environment; default false. */
  readonly insecureHttp?: boolean;

  // --- e-mail: the worker sends password-reset e-mails ---------------------------------------------
  /**
   * The complete ARN of a Secrets Manager secret whose value is the SMTP URL (SMTP_URL), e.g.
   * `smtps://user:password@smtp.example.com:465`. Required: in production the worker does not start without it.
   */
  readonly smtpSecretArn?: string;
  /** Your app's password-reset page (PASSWORD_RESET_URL), which reset e-mails link to with `#token=…`. Required. */
  readonly passwordResetUrl?: string;

  // --- production switches -------------------------------------------------------------------------
  /** A standby database in a second availability zone. Default true. */
  readonly databaseMultiAz?: boolean;
  /** RDS instance class without the `db.` prefix, e.g. `t4g.small`, `m7g.large`. Default `t4g.micro`. */
  readonly databaseInstanceType?: string;
  /** Refuse to delete the database (even through CloudFormation). Default true. */
  readonly databaseDeletionProtection?: boolean;
  /** API tasks: desired at deploy time (default: the minimum), autoscaled between min (2) and max (10). */
  readonly apiDesiredCount?: number;
  readonly apiMinCount?: number;
  readonly apiMaxCount?: number;
  /** Worker tasks: desired at deploy time (default: the minimum), autoscaled between min (1) and max (10). */
  readonly workerDesiredCount?: number;
  readonly workerMinCount?: number;
  readonly workerMaxCount?: number;
  /** Serve /docs, /redoc and /openapi.json (DOCS_ENABLED). Default false. */
  readonly docsEnabled?: boolean;
  /** Days CloudWatch keeps the api and worker logs: one of CloudWatch's retention periods. Default 30. */
  readonly logRetentionDays?: number;
  /** Port of Prometheus `/metrics` on the api and the worker (METRICS_PORT), reachable from the VPC only. Default 9464. */
  readonly metricsPort?: number;
}
