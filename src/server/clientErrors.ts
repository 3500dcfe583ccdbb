// What the server answers when Node's HTTP parser refuses a request before any handler runs
// (headers too large, malformed request line): an MLflow JSON error body instead of Node's bare
// status line, so clients show a reason. mlflow 3.18 answers such requests 400 (as plain text).
import type { Socket } from 'node:net';
import { stringifyMlflowJson } from '../restApi/mlflowJson.ts';

/**
 * Node's limit on the request line plus headers. Raised from its 16 KiB default because mlflow
 * takes URLs of 200 KB (long filters, many run_ids in a GET; it refuses 1 MB); still a hard bound.
 */
export const MAX_HEADER_BYTES = 512 * 1024;
/** The request line alone; longer ones are refused by the server with a JSON error before routing. */
export const MAX_URL_CHARS = 256 * 1024;

function rawJsonResponse(status: number, reason: string, errorCode: string, message: string): string {
  const body = stringifyMlflowJson({ error_code: errorCode, message });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** The server's 'clientError' listener: answers in JSON when the socket can still be written, then closes it. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const response = error.code === 'HPE_HEADER_OVERFLOW'
    ? rawJsonResponse(400, 'Bad Request', 'BAD_REQUEST', `The request line and headers are larger than this server accepts (${MAX_HEADER_BYTES} bytes).`)
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? rawJsonResponse(408, 'Request Timeout', 'BAD_REQUEST', 'The request was not received in time.')
      : rawJsonResponse(400, 'Bad Request', 'BAD_REQUEST', 'Malformed HTTP request.');
  socket.end(response);
}
