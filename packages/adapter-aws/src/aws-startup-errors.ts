import { StartupError } from '@hexabill/core';

/** One AWS call made at start-up, for the message: which service, which action, on what. */
export interface AwsCall {
  readonly service: 'SNS' | 'SQS';
  readonly action: string;
  /** The topic ARN or queue name the call is about. */
  readonly resource: string;
  /** Where the call went: `AWS_ENDPOINT=http://…` for an emulator, else `AWS_REGION=eu-west-1`. */
  readonly target: AwsTarget;
}

export interface AwsTarget {
  readonly region: string;
  readonly endpoint?: string;
}

/** The fields of an SDK v3 error (service exception, credentials error or Node network error) read here. */
interface AwsErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly Code?: string;
  readonly message?: string;
  readonly hostname?: string;
  readonly errors?: readonly unknown[];
  readonly $metadata?: { readonly httpStatusCode?: number };
}

// Error codes as AWS returns them; SQS's JSON protocol names some differently (its query-compatible
// code arrives in `Code`, the JSON type in `name`), so both spellings are listed.
const MISSING_QUEUE = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NonExistentQueue']);
const MISSING_TOPIC = new Set(['NotFound', 'NotFoundException']);
const REJECTED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidSecurity',
  'AuthFailure',
]);
const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const CLOCK_SKEW = new Set(['RequestExpired', 'RequestTimeTooSkewed', 'RequestInTheFuture']);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'KMSAccessDenied',
  'KMSAccessDeniedException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);
const SERVICE_TROUBLE = new Set([
  'InternalError',
  'InternalFailure',
  'InternalErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const INVALID_PARAMETER = new Set(['InvalidParameter', 'InvalidParameterException', 'InvalidParameterValue', 'InvalidAddress']);
/** Node network errors worth waiting out: the endpoint may come up, the route may appear. */
const NETWORK_TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

function shapeOf(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? error : { message: String(error) };
}

/** The network error code, also from inside an AggregateError (Node tries IPv6 and IPv4 in turn). */
function networkCode(error: AwsErrorShape): string | undefined {
  if (error.code) return error.code;
  for (const inner of error.errors ?? []) {
    const code = shapeOf(inner).code;
    if (code) return code;
  }
  return undefined;
}

function describeTarget(target: AwsTarget): string {
  return target.endpoint ? `AWS_ENDPOINT=${target.endpoint}` : `AWS_REGION=${target.region}`;
}

function hostOf(target: AwsTarget, service: AwsCall['service'], error: AwsErrorShape): string {
  if (error.hostname) return error.hostname;
  if (target.endpoint) {
    try {
      return new URL(target.endpoint).host;
    } catch {
      return target.endpoint;
    }
  }
  return `${service.toLowerCase()}.${target.region}.amazonaws.com`;
}

/**
 * Translates an error of an AWS call made at start-up into a `StartupError` whose one-line message
 * names the real cause and the setting to check: unreachable endpoint, missing or rejected
 * credentials, access denied, missing topic or queue, throttling. Network trouble, throttling and
 * 5xx answers are transient (worth retrying); the rest are not.
 */
export function awsStartupError(error: unknown, call: AwsCall): StartupError {
  if (error instanceof StartupError) return error;
  const e = shapeOf(error);
  const codes = [e.Code, e.name, e.code].filter((c): c is string => typeof c === 'string');
  const has = (set: ReadonlySet<string>): boolean => codes.some((c) => set.has(c));
  const code = codes.find((c) => c !== 'Error') ?? 'Error';
  const where = describeTarget(call.target);
  const what = `${call.service} ${call.action} on ${call.resource}`;
  const make = (problem: ConstructorParameters<typeof StartupError>[0], message: string, transient = false): StartupError =>
    new StartupError(problem, message, transient, { cause: error });

  if (e.name === 'CredentialsProviderError' || e.name === 'ProviderError') {
    return make(
      'credentials',
      `no AWS credentials found for ${call.service}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role the SDK's default credential chain can find (task or instance role, AWS_PROFILE)`,
    );
  }
  if (has(REJECTED_CREDENTIALS)) {
    return make(
      'credentials',
      `AWS rejected the credentials (${code}) for ${what}: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or the role in use, and that ${where} is enabled for the account`,
    );
  }
  if (has(EXPIRED_CREDENTIALS)) {
    return make(
      'credentials',
      `the AWS credentials have expired (${code}) for ${what}: renew the session credentials, or let the process use a role instead of fixed keys`,
    );
  }
  if (has(CLOCK_SKEW)) {
    return make(
      'credentials',
      `AWS refused the request signature as too old or too new (${code}) for ${what}: correct this machine's clock`,
    );
  }
  if (has(ACCESS_DENIED)) {
    return make(
      'access-denied',
      `access denied (${code}): the AWS identity in use may not call ${what}; grant ${call.service.toLowerCase()}:${call.action} on it in that identity's IAM policy (the CDK stack grants the worker what it needs)`,
    );
  }
  if (has(MISSING_QUEUE)) return missingQueues([call.resource], call.target, error);
  if (call.service === 'SNS' && has(MISSING_TOPIC)) {
    return make(
      'not-found',
      `SNS topic ${call.resource} does not exist at ${where}: check SNS_TOPIC_ARN and AWS_REGION, deploy the infrastructure (infra/cdk), or set MESSAGING_PROVISION=true to create it`,
    );
  }
  if (call.service === 'SNS' && has(INVALID_PARAMETER) && call.resource.startsWith('arn:')) {
    return make('misconfigured', `SNS rejected the topic ARN ${call.resource} (${code}: ${e.message ?? ''}): check SNS_TOPIC_ARN`);
  }
  if (has(THROTTLED)) {
    return make('unavailable', `${call.service} is throttling ${call.action} (${code}) at ${where}`, true);
  }
  const status = e.$metadata?.httpStatusCode;
  if (has(SERVICE_TROUBLE) || (status !== undefined && status >= 500)) {
    return make(
      'unavailable',
      `${call.service} answered ${call.action} with ${code}${status ? ` (HTTP ${String(status)})` : ''} at ${where}`,
      true,
    );
  }

  const network = networkCode(e);
  if (network === 'ENOTFOUND') {
    const host = hostOf(call.target, call.service, e);
    return make(
      'misconfigured',
      call.target.endpoint
        ? `the host of AWS_ENDPOINT (${host}) does not resolve (ENOTFOUND): check AWS_ENDPOINT`
        : `${host} does not resolve (ENOTFOUND): check that AWS_REGION (${call.target.region}) is a real region, and this network's DNS`,
    );
  }
  if ((network !== undefined && NETWORK_TRANSIENT.has(network)) || e.name === 'TimeoutError' || e.name === 'RequestTimeout') {
    const host = hostOf(call.target, call.service, e);
    return make(
      'unreachable',
      call.target.endpoint
        ? `cannot reach ${call.service} at ${call.target.endpoint} (${network ?? e.name ?? 'timeout'}): check AWS_ENDPOINT and that the service there is running`
        : `cannot reach ${call.service} at ${host} (${network ?? e.name ?? 'timeout'}): check AWS_REGION and the network path to AWS (security groups, NAT or VPC endpoints, proxy)`,
      true,
    );
  }
  return make('failed', `${what} failed at ${where} (${code}: ${e.message ?? 'no message'})`);
}

/** One error naming every missing queue, so a wrong MESSAGING_PREFIX shows at once. */
export function missingQueues(names: readonly string[], target: AwsTarget, cause?: unknown): StartupError {
  const listed = names.map((n) => `"${n}"`).join(', ');
  const [subject, verb, them] = names.length === 1 ? ['queue', 'does', 'it'] : ['queues', 'do', 'them'];
  return new StartupError(
    'not-found',
    `SQS ${subject} ${listed} ${verb} not exist at ${describeTarget(target)}: deploy the infrastructure (infra/cdk), check MESSAGING_PREFIX and AWS_REGION, or set MESSAGING_PROVISION=true to create ${them}`,
    false,
    { cause },
  );
}

/** Where the clients send their calls: the custom endpoint if one is set, else the region. */
export async function awsTargetOf(client: {
  readonly config: {
    region: () => Promise<string>;
    isCustomEndpoint?: boolean;
    endpoint?: () => Promise<{ hostname?: string; port?: number; protocol?: string }>;
  };
}): Promise<AwsTarget> {
  const region = await client.config.region();
  if (!client.config.isCustomEndpoint || !client.config.endpoint) return { region };
  const endpoint = await client.config.endpoint();
  const port = endpoint.port ? `:${String(endpoint.port)}` : '';
  return { region, endpoint: `${endpoint.protocol ?? 'https:'}//${endpoint.hostname ?? ''}${port}` };
}
