import type { StackProps } from 'aws-cdk-lib';
import type { HexabillStackProps } from './hexabill-stack-props.js';
import { StackConfigError } from './stack-config-error.js';

/** The props an operator sets per deployment; the inherited StackProps (env, tags…) stay in code. */
export type ContextProps = Omit<HexabillStackProps, keyof StackProps>;
type Kind = 'text' | 'flag' | 'integer';
type KindOf<T> = NonNullable<T> extends boolean ? 'flag' : NonNullable<T> extends number ? 'integer' : 'text';

/** Every context key the app reads: exactly the props of the same name. */
export const CONTEXT_KEYS = {
  image: 'text',
  messagingPrefix: 'text',
  maxReceiveCount: 'integer',
  visibilityTimeoutSeconds: 'integer',
  domainName: 'text',
  certificateArn: 'text',
  hostedZoneId: 'text',
  hostedZoneName: 'text',
  insecureHttp: 'flag',
  smtpSecretArn: 'text',
  passwordResetUrl: 'text',
  databaseMultiAz: 'flag',
  databaseInstanceType: 'text',
  databaseDeletionProtection: 'flag',
  apiDesiredCount: 'integer',
  apiMinCount: 'integer',
  apiMaxCount: 'integer',
  workerDesiredCount: 'integer',
  workerMinCount: 'integer',
  workerMaxCount: 'integer',
  docsEnabled: 'flag',
  logRetentionDays: 'integer',
  metricsPort: 'integer',
} as const satisfies { readonly [K in keyof ContextProps]-?: KindOf<ContextProps[K]> };

/** Context keys the CDK itself uses without a `:` in the name; anything else unknown is a typo. */
const CDK_OWN_KEYS = new Set(['cli-telemetry', 'acknowledged-issue-numbers']);

/**
 * The stack's props from CDK context (`-c key=value` arrives as a string; cdk.json may hold booleans
 * and numbers). `image` falls back to the IMAGE environment variable. A misspelt key fails rather than
 * silently leaving a production switch at its default.
 */
export function propsFromContext(context: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = {}): ContextProps {
  const problems: string[] = [];
  const props: Record<string, string | number | boolean> = {};
  const known: Readonly<Record<string, Kind>> = CONTEXT_KEYS;

  for (const [key, raw] of Object.entries(context)) {
    const kind = known[key];
    if (kind === undefined) {
      if (!key.includes(':') && !key.startsWith('@') && !CDK_OWN_KEYS.has(key))
        problems.push(`${key}: not a setting of this stack (known: ${Object.keys(CONTEXT_KEYS).join(', ')})`);
      continue;
    }
    const value = parse(kind, raw);
    if (value === undefined) problems.push(`${key}: ${JSON.stringify(raw)} is not ${describe(kind)}`);
    else props[key] = value;
  }

  const image = props.image ?? (env.IMAGE === undefined || env.IMAGE === '' ? undefined : env.IMAGE);
  if (typeof image !== 'string')
    problems.push('image: give the image to run, e.g. -c image=123456789012.dkr.ecr.eu-west-1.amazonaws.com/hexabill:1.0.0 (or IMAGE=…)');
  if (problems.length > 0) throw new StackConfigError(problems);
  return { ...props, image } as ContextProps;
}

function parse(kind: Kind, raw: unknown): string | number | boolean | undefined {
  switch (kind) {
    case 'text':
      return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
    case 'flag':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return undefined;
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      return Number.isSafeInteger(n) ? n : undefined;
    }
  }
}

function describe(kind: Kind): string {
  return { text: 'a non-empty string', flag: 'true or false', integer: 'a whole number' }[kind];
}
