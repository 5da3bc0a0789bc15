import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_ARN, IMAGE, PASSWORD_RESET_URL, SMTP_SECRET_ARN } from './synth-template.js';

const packageDir = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const outputs = mkdtempSync(join(tmpdir(), 'hexabill-synth-'));
afterAll(() => {
  rmSync(outputs, { recursive: true, force: true });
});

/**
 * `npm run synth` as CI runs it: no TTY, stdin closed, no AWS credentials, and no instance metadata
 * service to ask for them, so nothing may prompt, download or look anything up.
 */
function npmRunSynth(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dropped = new Set([
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_DEFAULT_REGION',
    'IMAGE',
  ]);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped.has(name))),
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'synth', '--', ...args], { cwd: packageDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout, stderr });
    });
  });
}

describe('npm run synth', () => {
  it('uses the pinned CDK CLI from node_modules, never npx', () => {
    expect(manifest.scripts.synth).toMatch(/^cdk synth\b/);
    expect(manifest.devDependencies['aws-cdk']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(join(packageDir, 'dist/main.js')), 'build first: npm run build').toBe(true);
  });

  it('synthesises the stack non-interactively, with the settings given as context', async () => {
    const out = join(outputs, 'https');
    const run = await npmRunSynth(
      ...['-c', `image=${IMAGE}`, '-c', `certificateArn=${CERTIFICATE_ARN}`, '-c', 'databaseMultiAz=false', '-c', 'docsEnabled=true'],
      ...['-c', `smtpSecretArn=${SMTP_SECRET_ARN}`, '-c', `passwordResetUrl=${PASSWORD_RESET_URL}`],
      ...['-c', 'apiMaxCount=12', '-o', out],
    );
    expect(run.stderr).not.toMatch(/Need to install|Ok to proceed/);
    expect(run.code, run.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'Hexabill.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const ofType = (type: string): Record<string, unknown>[] =>
      Object.values(template.Resources)
        .filter((r) => r.Type === type)
        .map((r) => r.Properties);
    expect(ofType('AWS::ElasticLoadBalancingV2::Listener')).toContainEqual(
      expect.objectContaining({ Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE_ARN }] }),
    );
    expect(ofType('AWS::RDS::DBInstance')).toEqual([expect.objectContaining({ MultiAZ: false })]);
    expect(ofType('AWS::ApplicationAutoScaling::ScalableTarget').map((t) => t.MaxCapacity)).toContain(12);
    expect(JSON.stringify(ofType('AWS::ECS::TaskDefinition'))).toContain('{"Name":"DOCS_ENABLED","Value":"true"}');
  });

  it('fails without a certificate and without insecureHttp, saying what to give', async () => {
    const run = await npmRunSynth('-c', `image=${IMAGE}`, '-o', join(outputs, 'refused'));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('hexabill stack settings are invalid');
    expect(run.stderr).toContain('certificateArn: the public load balancer needs TLS');
    expect(run.stderr).toContain('insecureHttp=true');
    expect(run.stderr).toContain('smtpSecretArn: the worker sends password-reset e-mails');
    expect(existsSync(join(outputs, 'refused', 'Hexabill.template.json'))).toBe(false);
  });
});
