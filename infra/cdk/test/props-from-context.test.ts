import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, propsFromContext } from '../src/props-from-context.js';
import { StackConfigError } from '../src/stack-config-error.js';

function problemsOf(context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    propsFromContext(context, env);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('propsFromContext', () => {
  it('turns `-c key=value` strings into typed props', () => {
    expect(
      propsFromContext({
        image: 'repo/hexabill:1',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
        databaseMultiAz: 'false',
        databaseDeletionProtection: 'true',
        apiMaxCount: '20',
        docsEnabled: 'true',
        logRetentionDays: '90',
        metricsPort: '9100',
      }),
    ).toEqual({
      image: 'repo/hexabill:1',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      databaseMultiAz: false,
      databaseDeletionProtection: true,
      apiMaxCount: 20,
      docsEnabled: true,
      logRetentionDays: 90,
      metricsPort: 9100,
    });
  });

  it('accepts the booleans and numbers cdk.json holds', () => {
    expect(propsFromContext({ image: 'i', insecureHttp: true, workerMinCount: 2 })).toEqual({
      image: 'i',
      insecureHttp: true,
      workerMinCount: 2,
    });
  });

  it('takes the image from IMAGE when the context has none, and the context first', () => {
    expect(propsFromContext({}, { IMAGE: 'from-env' }).image).toBe('from-env');
    expect(propsFromContext({ image: 'from-context' }, { IMAGE: 'from-env' }).image).toBe('from-context');
  });

  it('names every bad value, a missing image and a misspelt key, all at once', () => {
    expect(problemsOf({ databaseMultiAz: 'yes', apiMinCount: '2.5', dbMultiAz: 'false', domainName: ' ' })).toEqual([
      'databaseMultiAz: "yes" is not true or false',
      'apiMinCount: "2.5" is not a whole number',
      expect.stringMatching(/^dbMultiAz: not a setting of this stack \(known: image, .*databaseMultiAz/),
      'domainName: " " is not a non-empty string',
      expect.stringMatching(/^image: give the image to run/),
    ]);
  });

  it('leaves the CDK’s own context keys alone', () => {
    expect(
      problemsOf({
        image: 'i',
        'aws:cdk:enable-path-metadata': true,
        '@aws-cdk/core:newStyleStackSynthesis': true,
        'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a'],
        'cli-telemetry': false,
      }),
    ).toEqual([]);
  });

  it('has exactly the keys the README documents, and the README exactly those', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Settings'), readme.indexOf('## Deploy'));
    const documented = [...section.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(CONTEXT_KEYS).sort());
  });
});
