// Worker thread that turns big request bodies into objects, so decoding and parsing megabytes
// (bare NaN literals included) never holds the HTTP loop. One message in, one answer out.
import { parentPort } from 'node:worker_threads';
import { decodeRequestBody } from '../restApi/requestBody.ts';
import { MlflowError } from '../shared/errors.ts';

export interface BodyParseRequest {
  id: number;
  bytes: Uint8Array;
}

export type BodyParseAnswer =
  | { id: number; body: Record<string, unknown> }
  | { id: number; error: { code: MlflowError['code']; message: string } };

parentPort?.on('message', ({ id, bytes }: BodyParseRequest) => {
  let answer: BodyParseAnswer;
  try {
    answer = { id, body: decodeRequestBody(bytes) };
  } catch (error) {
    answer = error instanceof MlflowError
      ? { id, error: { code: error.code, message: error.message } }
      : { id, error: { code: 'BAD_REQUEST', message: `Malformed request body: ${(error as Error).message}` } };
  }
  parentPort?.postMessage(answer);
});
