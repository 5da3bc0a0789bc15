import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_PORT } from '../src/index.js';
import { partOf, resourcesOf, synthTemplate } from './synth-template.js';

interface IngressRule {
  group: unknown;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: unknown;
  CidrIpv6?: unknown;
  SourceSecurityGroupId?: unknown;
}

/** Every ingress rule in the template: inline in a security group, or a resource of its own. */
function ingressRules(template: Template): IngressRule[] {
  return Object.entries(resourcesOf(template)).flatMap(([id, r]) => {
    if (r.Type === 'AWS::EC2::SecurityGroup')
      return ((r.Properties.SecurityGroupIngress ?? []) as Omit<IngressRule, 'group'>[]).map((rule) => ({
        ...rule,
        group: { 'Fn::GetAtt': [id, 'GroupId'] },
      }));
    if (r.Type === 'AWS::EC2::SecurityGroupIngress')
      return [{ ...(r.Properties as Omit<IngressRule, 'group'>), group: r.Properties.GroupId }];
    return [];
  });
}

const covers = (rule: IngressRule, port: number): boolean =>
  rule.IpProtocol === '-1' ||
  (typeof rule.FromPort === 'number' && typeof rule.ToPort === 'number' && rule.FromPort <= port && port <= rule.ToPort);
const fromAnywhere = (rule: IngressRule): boolean => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0';

function vpcCidr(template: Template): unknown {
  const [vpcId] = Object.keys(template.findResources('AWS::EC2::VPC'));
  return { 'Fn::GetAtt': [vpcId, 'CidrBlock'] };
}

function securityGroupOf(service: Record<string, unknown>): unknown {
  const network = service.NetworkConfiguration as { AwsvpcConfiguration: { SecurityGroups: unknown[] } };
  expect(network.AwsvpcConfiguration.SecurityGroups).toHaveLength(1);
  return network.AwsvpcConfiguration.SecurityGroups[0];
}

describe.each([
  ['HTTPS with the default metrics port', {}, 9464],
  ['plain HTTP (insecureHttp) with metrics on 9100', { certificateArn: undefined, insecureHttp: true, metricsPort: 9100 }, 9100],
])('metrics stay inside the VPC: %s', (_name, overrides, metricsPort) => {
  const template = synthTemplate(overrides);
  const rules = ingressRules(template);

  it('opens nothing to the internet but the load balancer’s 80 and 443', () => {
    const open = rules.filter(fromAnywhere);
    expect(open.length).toBeGreaterThan(0);
    for (const rule of open) {
      expect(rule.IpProtocol).toBe('tcp');
      expect(rule.FromPort).toBe(rule.ToPort);
      expect([80, 443]).toContain(rule.FromPort);
      expect(covers(rule, metricsPort)).toBe(false);
    }
    const [loadBalancer] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    const loadBalancerGroups = (loadBalancer?.Properties as { SecurityGroups: unknown[] }).SecurityGroups;
    for (const rule of open) expect(loadBalancerGroups).toContainEqual(rule.group);
  });

  it('lets only the VPC reach the metrics port of the api and the worker', () => {
    const toMetrics = rules.filter((rule) => covers(rule, metricsPort));
    expect(toMetrics.map((rule) => rule.CidrIp)).toEqual([vpcCidr(template), vpcCidr(template)]);
    const groups = toMetrics.map((rule) => JSON.stringify(rule.group)).sort();
    const services = (['api', 'worker'] as const).map((part) => JSON.stringify(securityGroupOf(partOf(template, part).service))).sort();
    expect(groups).toEqual(services);
  });

  it('tells both parts the metrics port, maps it, and forwards only the API port through the load balancer', () => {
    for (const part of ['api', 'worker'] as const) {
      const { environment, container } = partOf(template, part);
      expect(environment.METRICS_PORT, part).toBe(String(metricsPort));
      expect(container.PortMappings, part).toContainEqual(expect.objectContaining({ ContainerPort: metricsPort, Name: 'metrics' }));
    }
    const { service, environment } = partOf(template, 'api');
    expect(environment.PORT).toBe(String(API_PORT));
    expect((service.LoadBalancers as { ContainerPort: number }[]).map((lb) => lb.ContainerPort)).toEqual([API_PORT]);
    expect(partOf(template, 'worker').service.LoadBalancers ?? []).toEqual([]);
    for (const group of Object.values(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup')))
      expect((group.Properties as { Port: number }).Port).not.toBe(metricsPort);
  });

  it('answers /metrics on the public listener with 404 before any forward', () => {
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map(
      (r) => r.Properties as { Priority: number; ListenerArn: { Ref: string }; Actions: unknown[]; Conditions: unknown[] },
    );
    const forwarding = Object.entries(template.findResources('AWS::ElasticLoadBalancingV2::Listener'))
      .filter(([, l]) => JSON.stringify(l.Properties).includes('"forward"'))
      .map(([id]) => id);
    expect(forwarding).toHaveLength(1);
    expect(rules).toEqual([
      {
        ListenerArn: { Ref: forwarding[0] },
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/metrics', '/metrics/*'] } }],
        Actions: [expect.objectContaining({ Type: 'fixed-response', FixedResponseConfig: expect.objectContaining({ StatusCode: '404' }) })],
      },
    ]);
  });
});

describe('the metrics port', () => {
  it('may not be the API port', () => {
    expect(() => synthTemplate({ metricsPort: API_PORT })).toThrow(/metricsPort: 3000 is the API port behind the load balancer/);
  });
});
