import { createRoute, z } from '@hono/zod-openapi';
import { JSON_TYPE } from '../schemas/common.js';

const HealthSchema = z
  .object({ status: z.enum(['ok', 'ready', 'unavailable']) })
  .strict()
  .openapi('Health');

export const liveness = createRoute({
  operationId: 'checkLiveness',
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness: the process is up',
  responses: { 200: { description: 'Alive.', content: { [JSON_TYPE]: { schema: HealthSchema } } } },
});

export const readiness = createRoute({
  operationId: 'checkReadiness',
  method: 'get',
  path: '/health/ready',
  tags: ['health'],
  summary: 'Readiness: the database answers',
  responses: {
    200: { description: 'Ready to serve.', content: { [JSON_TYPE]: { schema: HealthSchema } } },
    503: { description: 'A dependency (the database) is unreachable.', content: { [JSON_TYPE]: { schema: HealthSchema } } },
  },
});
