import { describe, expect, it } from 'vitest';
import { STACK_DEFAULTS, StackConfigError } from '../src/index.js';
import { partOf, resourcesOf, synthTemplate } from './synth-template.js';

type Template = ReturnType<typeof synthTemplate>;

function database(template: Template): Record<string, unknown> {
  const instances = Object.values(template.findResources('AWS::RDS::DBInstance'));
  expect(instances).toHaveLength(1);
  return instances[0]!.Properties as Record<string, unknown>;
}

function logRetentions(template: Template): unknown[] {
  return Object.values(resourcesOf(template))
    .filter((r) => r.Type === 'AWS::Logs::LogGroup')
    .map((r) => r.Properties.RetentionInDays);
}

function tasks(template: Template, part: 'api' | 'worker'): { desired: unknown; min: unknown; max: unknown } {
  const { service, scaling } = partOf(template, part);
  return { desired: service.DesiredCount, min: scaling.MinCapacity, max: scaling.MaxCapacity };
}

describe('production switches: the defaults', () => {
  const template = synthTemplate();

  it('run the database in two zones, protected from deletion, on the default class', () => {
    expect(database(template)).toMatchObject({ MultiAZ: true, DeletionProtection: true, DBInstanceClass: 'db.t4g.micro' });
    expect(STACK_DEFAULTS.databaseInstanceType).toBe('t4g.micro');
  });

  it('run 2 to 10 api tasks and 1 to 10 workers, starting at the minimum', () => {
    expect(tasks(template, 'api')).toEqual({ desired: 2, min: 2, max: 10 });
    expect(tasks(template, 'worker')).toEqual({ desired: 1, min: 1, max: 10 });
  });

  it('turn the docs off and keep logs for 30 days', () => {
    expect(partOf(template, 'api').environment.DOCS_ENABLED).toBe('false');
    expect(logRetentions(template)).toEqual([30, 30]);
    for (const part of ['api', 'worker'] as const) {
      const logGroup = partOf(template, part).container.LogConfiguration.Options['awslogs-group'] as { Ref: string };
      expect(resourcesOf(template)[logGroup.Ref]?.Type, part).toBe('AWS::Logs::LogGroup');
    }
  });
});

describe('production switches: each one changes the template', () => {
  const template = synthTemplate({
    databaseMultiAz: false,
    databaseInstanceType: 'm7g.large',
    databaseDeletionProtection: false,
    apiDesiredCount: 4,
    apiMinCount: 3,
    apiMaxCount: 20,
    workerDesiredCount: 2,
    workerMinCount: 2,
    workerMaxCount: 30,
    docsEnabled: true,
    logRetentionDays: 365,
  });

  it('databaseMultiAz=false makes a single-zone database', () => {
    expect(database(template).MultiAZ).toBe(false);
  });
  it('databaseInstanceType sets the instance class', () => {
    expect(database(template).DBInstanceClass).toBe('db.m7g.large');
  });
  it('databaseDeletionProtection=false lets the database be deleted', () => {
    expect(database(template).DeletionProtection).toBe(false);
  });
  it('api counts set the desired count and the autoscaling bounds', () => {
    expect(tasks(template, 'api')).toEqual({ desired: 4, min: 3, max: 20 });
  });
  it('worker counts set the desired count and the autoscaling bounds', () => {
    expect(tasks(template, 'worker')).toEqual({ desired: 2, min: 2, max: 30 });
  });
  it('docsEnabled=true sets DOCS_ENABLED on the api', () => {
    expect(partOf(template, 'api').environment.DOCS_ENABLED).toBe('true');
  });
  it('logRetentionDays sets the retention of both log groups', () => {
    expect(logRetentions(template)).toEqual([365, 365]);
  });
});

describe('production switches that cannot work', () => {
  it.each([
    [{ apiMinCount: 5, apiMaxCount: 4 }, 'apiMinCount, apiDesiredCount, apiMaxCount: need min <= desired <= max, got 5, 5, 4'],
    [{ workerDesiredCount: 0 }, 'workerDesiredCount: 0 is not a whole number of tasks of at least 1'],
    [{ logRetentionDays: 10 }, 'logRetentionDays: 10 is not a CloudWatch retention period'],
    [{ databaseInstanceType: 'large' }, 'databaseInstanceType: "large" is not an instance class'],
    [{ metricsPort: 70_000 }, 'metricsPort: 70000 is not a TCP port'],
  ])('%j fails naming the setting', (overrides, message) => {
    let problems: readonly string[] = [];
    try {
      synthTemplate(overrides);
    } catch (error) {
      if (!(error instanceof StackConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('an api minimum above the default desired count raises the desired count with it', () => {
    expect(tasks(synthTemplate({ apiMinCount: 6 }), 'api')).toEqual({ desired: 6, min: 6, max: 10 });
  });
});
