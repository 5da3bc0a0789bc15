import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MISSING_TLS_MESSAGE, StackConfigError } from '../src/index.js';
import { CERTIFICATE_ARN, resourcesOf, synthTemplate } from './synth-template.js';

const CURRENT_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

function listeners(template: ReturnType<typeof synthTemplate>): Record<string, unknown>[] {
  return Object.values(resourcesOf(template))
    .filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
    .map((r) => r.Properties);
}

function configErrorOf(action: () => unknown): StackConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof StackConfigError) return error;
    throw error;
  }
  throw new Error('expected a StackConfigError');
}

describe('the public endpoint, with an existing ACM certificate', () => {
  const template = synthTemplate({ certificateArn: CERTIFICATE_ARN });

  it('listens on 443 with the certificate and a current TLS policy', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
      SslPolicy: CURRENT_TLS_POLICY,
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
  });

  it('answers plain HTTP on 80 only with a permanent redirect to HTTPS on 443', () => {
    const http = listeners(template).filter((l) => l.Protocol === 'HTTP');
    expect(http).toEqual([
      expect.objectContaining({
        Port: 80,
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
      }),
    ]);
    expect(
      listeners(template)
        .map((l) => l.Port)
        .sort(),
    ).toEqual([443, 80]);
  });

  it('creates no certificate and no DNS record of its own', () => {
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  it('names the API’s address when given the domain name, leaving DNS to the operator', () => {
    synthTemplate({ domainName: 'api.example.com' }).hasOutput('ApiUrl', { Value: 'https://api.example.com' });
    template.hasOutput('*', { Value: { 'Fn::Join': ['', ['https://', Match.anyValue()]] } });
    expect(Object.keys(template.findOutputs('ApiUrl'))).toEqual([]);
  });
});

describe('the public endpoint, with a Route 53 hosted zone', () => {
  const template = synthTemplate({
    certificateArn: undefined,
    domainName: 'api.example.com',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    hostedZoneName: 'example.com',
  });

  it('creates a DNS-validated certificate for the domain and serves it on 443', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    const [certificateId] = Object.keys(template.findResources('AWS::CertificateManager::Certificate'));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: CURRENT_TLS_POLICY,
      Certificates: [{ CertificateArn: { Ref: certificateId } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
  });

  it('points the domain at the load balancer', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });
});

describe('the public endpoint without TLS', () => {
  it('refuses to synthesise without a certificate, naming what to give', () => {
    const error = configErrorOf(() => synthTemplate({ certificateArn: undefined }));
    expect(error.problems).toEqual([`certificateArn: ${MISSING_TLS_MESSAGE}`]);
    expect(error.message).toContain('the public load balancer needs TLS');
    expect(error.message).toContain('insecureHttp=true');
  });

  it('serves plain HTTP on 80, and nothing on 443, only when insecureHttp is set', () => {
    const template = synthTemplate({ certificateArn: undefined, insecureHttp: true });
    expect(listeners(template)).toEqual([expect.objectContaining({ Port: 80, Protocol: 'HTTP' })]);
    expect(listeners(template)[0]?.DefaultActions).toEqual([expect.objectContaining({ Type: 'forward' })]);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  it('will not mix insecureHttp with a certificate', () => {
    const error = configErrorOf(() => synthTemplate({ insecureHttp: true }));
    expect(error.problems).toEqual([expect.stringMatching(/^insecureHttp: true turns TLS off, yet a certificate or hosted zone is given/)]);
  });
});

describe('certificate and zone settings that cannot work', () => {
  it.each([
    [{ certificateArn: 'not-an-arn' }, /^certificateArn: "not-an-arn" is not an ACM certificate ARN/],
    [
      { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
      /^certificateArn: the certificate is in us-east-1, but a load balancer in eu-west-1 needs one from eu-west-1$/,
    ],
    [{ certificateArn: undefined, hostedZoneId: 'Z1', hostedZoneName: 'example.com' }, /^domainName: required with a hosted zone/],
    [{ certificateArn: undefined, hostedZoneId: 'Z1' }, /^hostedZoneId, hostedZoneName: give both, or neither$/],
    [
      { certificateArn: undefined, hostedZoneId: 'Z1', hostedZoneName: 'example.com', domainName: 'api.example.org' },
      /^domainName: "api.example.org" is not in the hosted zone example.com$/,
    ],
  ])('%j fails with a message naming the setting', (overrides, message) => {
    expect(configErrorOf(() => synthTemplate(overrides)).problems).toEqual([expect.stringMatching(message)]);
  });
});
