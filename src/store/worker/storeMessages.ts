// What the extension (or the CLI's HTTP loop) and the store worker say to each other.
import { MlflowError, type ErrorCode } from '../../shared/errors.ts';

export type StoreTarget = 'tracking' | 'registry';

export interface StoreCall {
  type: 'call';
  id: number;
  target: StoreTarget;
  method: string;
  args: unknown[];
  /** Where the caller's `{ signal }` went; the worker puts its own signal there, linked to `cancelFlag`. */
  optionsAt?: number;
  /** Set to 1 by the caller's thread when the call is cancelled. */
  cancelFlag?: Int32Array;
}

export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export type StoreReply = { type: 'reply'; id: number; ok: true; value: unknown } | { type: 'reply'; id: number; ok: false; error: WireError };

/** The worker's first word: the store opened (and whether it writes), or why not. */
export type StoreOpened = { type: 'opened'; readOnlyReason?: string; trackingReadOnly: boolean; registryReadOnly: boolean } | { type: 'failed'; error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message, code: (error as { code?: unknown }).code as string | undefined };
  return { name: 'Error', message: String(error) };
}

/** The same kind of error on this side: MlflowError keeps its code, cancellation stays an AbortError. */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'MlflowError' && wire.code) return new MlflowError(wire.code as ErrorCode, wire.message);
  if (wire.name === 'AbortError') return new DOMException(wire.message, 'AbortError');
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.code) error.code = wire.code;
  return error;
}
