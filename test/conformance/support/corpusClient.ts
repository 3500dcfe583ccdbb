// Raw HTTP for the hostile corpus: bytes exactly as built (no re-encoding of the path or body),
// over one keep-alive agent per server, with a bound on every request.
import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  /** error_code of a JSON error body; undefined when the body is not JSON or has none. */
  code?: string;
  json: boolean;
  ms: number;
}

export interface CorpusClient {
  send(method: string, rawPath: string, body?: Buffer): Promise<Reply>;
  close(): void;
}

export function corpusClient(base: string, timeoutMs = 30_000): CorpusClient {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const send = (method: string, rawPath: string, body?: Buffer): Promise<Reply> => {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      // Content-Length, not chunked: mlflow's server reads a chunked body as empty.
      const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };
      const req = http.request({ host: url.hostname, port: url.port, method, path: rawPath, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          let json = false;
          try {
            parsed = JSON.parse(text);
            json = true;
          } catch { /* not JSON */ }
          const code = json && parsed && typeof parsed === 'object' ? (parsed as { error_code?: unknown }).error_code : undefined;
          resolve({ status: res.statusCode ?? 0, body: text, code: typeof code === 'string' ? code : undefined, json, ms: performance.now() - started });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${rawPath.slice(0, 120)}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  };
  return { send, close: () => agent.destroy() };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping results in order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
