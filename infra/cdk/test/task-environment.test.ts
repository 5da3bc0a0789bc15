import { describe, expect, it } from 'vitest';
import { PASSWORD_RESET_URL, SMTP_SECRET_ARN, partOf, resourcesOf, synthTemplate } from './synth-template.js';

describe('the environment the tasks get', () => {
  const template = synthTemplate();
  const [vpcId, ...otherVpcs] = Object.keys(template.findResources('AWS::EC2::VPC'));

  it('trusts X-Forwarded-For from the VPC the load balancer lives in, on the api', () => {
    expect(otherVpcs).toEqual([]);
    expect(partOf(template, 'api').environment.TRUSTED_PROXIES).toEqual({ 'Fn::GetAtt': [vpcId, 'CidrBlock'] });
    const [loadBalancer] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    const subnets = (loadBalancer?.Properties as { Subnets: { Ref: string }[] }).Subnets;
    expect(subnets.length).toBeGreaterThan(0);
    for (const { Ref } of subnets) expect(resourcesOf(template)[Ref]?.Properties.VpcId).toEqual({ Ref: vpcId });
  });

  it('runs both parts in production mode, listening on all interfaces', () => {
    for (const part of ['api', 'worker'] as const)
      expect(partOf(template, part).environment).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    expect(partOf(template, 'api').environment.PORT).toBe('3000');
  });

  it('gives the worker alone the SMTP URL (from its secret) and the reset page reset e-mails link to', () => {
    const secretNames = (part: 'api' | 'worker') => partOf(template, part).container.Secrets.map((secret) => secret.Name);
    expect(secretNames('worker')).toContain('SMTP_URL');
    expect(secretNames('api')).not.toContain('SMTP_URL');
    expect(partOf(template, 'worker').environment.PASSWORD_RESET_URL).toBe(PASSWORD_RESET_URL);
    expect(JSON.stringify(partOf(template, 'worker').container.Secrets)).toContain(SMTP_SECRET_ARN);
  });
});
