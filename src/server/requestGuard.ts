// Who may talk to the server: loopback Host names only (DNS rebinding), same-origin or allowed
// browser origins only, and the optional credential compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MlflowError } from '../shared/errors.ts';

export interface GuardOptions {
  /** Host names (without port) accepted in the Host header; `*` accepts any. */
  allowedHosts: string[];
  /** Browser origins (`scheme://host[:port]`) allowed cross-origin; `*` allows any. */
  corsAllowedOrigins: string[];
  /** When set, every API request needs `Bearer <token>` or Basic auth with it as the password. */
  authToken?: string;
}

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header value, without port or IPv6 brackets. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']'));
  const colon = value.lastIndexOf(':');
  return colon >= 0 && value.indexOf(':') === colon ? value.slice(0, colon) : value;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison that also hides the length of the secret. */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function credentialOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(/\s+/u, 2);
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

export function originAllowed(origin: string, hostHeader: string | undefined, options: GuardOptions): boolean {
  if (options.corsAllowedOrigins.includes('*') || options.corsAllowedOrigins.includes(origin)) return true;
  try {
    // Same-origin requests from a page the server itself serves.
    return hostHeader !== undefined && new URL(origin).host.toLowerCase() === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}

/** Throws the MlflowError the request deserves, or returns when it may proceed. */
export function guardRequest(req: IncomingMessage, options: GuardOptions, needsAuth: boolean): void {
  const host = req.headers.host;
  if (!host || !(options.allowedHosts.includes('*') || options.allowedHosts.includes(hostName(host)))) {
    throw new MlflowError('PERMISSION_DENIED', `Invalid Host header '${host ?? ''}': possible DNS rebinding attack. Allowed hosts: ${options.allowedHosts.join(', ')} (see --allowed-hosts).`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, host, options)) {
    throw new MlflowError('PERMISSION_DENIED', `Cross-origin request from '${origin}' is not allowed (see --cors-allowed-origins).`);
  }
  if (needsAuth && options.authToken !== undefined) {
    const given = credentialOf(req.headers.authorization);
    if (given === undefined || !secretsEqual(given, options.authToken)) {
      throw new MlflowError('UNAUTHENTICATED', 'Missing or invalid credentials: send Authorization: Bearer <token> (MLFLOW_TRACKING_TOKEN) or Basic auth with the token as the password.');
    }
  }
}
