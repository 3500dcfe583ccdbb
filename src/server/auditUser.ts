// Who a registry change through the server is recorded as: the Basic credential's user name
// (MLFLOW_TRACKING_USERNAME), else for a new version the source run's `mlflow.user` (the run named
// in the request, or the logged model's source run: `mlflow.register_model("models:/m-…")` sends
// only the model id), else nobody.
import type { IncomingMessage } from 'node:http';
import type { TrackingStore } from '../store/trackingStore.ts';
export { CLIENT_AUDITS_HEADER } from '../store/audit/auditEvent.ts';

/** The user name of a Basic credential, or undefined. */
export function basicUserName(authorization: string | undefined): string | undefined {
  const match = /^basic ([A-Za-z0-9+/=]+)$/iu.exec(authorization ?? '');
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1], 'base64'));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : '';
  return user || undefined;
}

export async function auditUser(req: IncomingMessage, request: Record<string, unknown>, routeName: string, tracking: TrackingStore): Promise<string> {
  const fromCredential = basicUserName(req.headers.authorization);
  if (fromCredential) return fromCredential;
  if (routeName !== 'createModelVersion') return '';
  const text = (field: string) => (typeof request[field] === 'string' ? request[field] as string : '');
  try {
    const runId = text('run_id') || (text('model_id') ? (await tracking.getLoggedModel(text('model_id'))).sourceRunId ?? '' : '');
    if (!runId) return '';
    const run = await tracking.getRun(runId);
    return run.data.tags.find((t) => t.key === 'mlflow.user')?.value ?? run.info.userId ?? '';
  } catch {
    return '';
  }
}
