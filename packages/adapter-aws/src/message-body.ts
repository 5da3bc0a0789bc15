import { err, ok, parseEventEnvelope, type HexabillEnvelope, type Result } from '@hexabill/core';

interface SnsNotification {
  readonly Type: 'Notification';
  readonly Message: string;
}

function isSnsNotification(value: unknown): value is SnsNotification {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { Type?: unknown }).Type === 'Notification' &&
    typeof (value as { Message?: unknown }).Message === 'string'
  );
}

/**
 * Reads an SQS message body: the event envelope itself (raw delivery) or the SNS notification
 * wrapping it. Anything else, or an envelope that does not validate, is an error naming why.
 */
export function readEventFromBody(body: string | undefined): Result<HexabillEnvelope, string> {
  if (body === undefined || body.length === 0) return err('empty message body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
    if (isSnsNotification(parsed)) parsed = JSON.parse(parsed.Message);
  } catch {
    return err('message body is not JSON');
  }
  const envelope = parseEventEnvelope(parsed);
  return envelope.isOk() ? ok(envelope.value) : err(envelope.error);
}
