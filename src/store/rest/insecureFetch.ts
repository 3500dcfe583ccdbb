// fetch() for MLFLOW_TRACKING_INSECURE_TLS=true: Node's global fetch cannot skip certificate
// checks per request, so this one goes through node:https with rejectUnauthorized off.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

export const insecureFetch: typeof fetch = (input, init = {}) => new Promise<Response>((resolve, reject) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const transport = url.protocol === 'https:' ? https : http;
  const request = transport.request(url, {
    method: init.method ?? 'GET',
    headers: init.headers as Record<string, string> | undefined,
    rejectUnauthorized: false,
    signal: init.signal ?? undefined,
  }, (response) => {
    const headers = new Headers();
    for (const [key, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const status = response.statusCode ?? 500;
    const body = status === 204 || status === 304 ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
    resolve(new Response(body, { status, headers }));
  });
  request.on('error', (error) => reject(Object.assign(new TypeError('fetch failed'), { cause: error })));
  const body = init.body;
  if (body === undefined || body === null) request.end();
  else if (typeof body === 'string' || body instanceof Uint8Array) request.end(body);
  else if (body instanceof Readable) body.pipe(request);
  else reject(new TypeError('insecureFetch supports string, bytes and Node streams as bodies'));
});
