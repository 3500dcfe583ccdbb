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

/**
 * Why a token cannot guard the server, or undefined when it can. A blank one would admit an empty
 * credential; whitespace at either end is a copy slip that no Authorization header keeps.
 */
export function authTokenProblem(token: string): string | undefined {
  if (token.trim() === '') return 'is empty';
  if (token !== token.trim()) return 'starts or ends with whitespace, which no Authorization header can carry';
  return undefined;
}

/** The password of a Basic credential in canonical base64 (what the mlflow client sends), else undefined. */
function basicPassword(encoded: string): string | undefined {
  // Buffer.from skips characters that are not base64, so junk around a valid credential would pass.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/u.test(encoded)) return undefined;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64') !== encoded) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * The credential exactly as the mlflow client sends it: `Bearer <token>` (MLFLOW_TRACKING_TOKEN)
 * or `Basic base64(user:token)` (MLFLOW_TRACKING_USERNAME/PASSWORD). One space after the scheme
 * and nothing added; only the scheme's case is free, as HTTP defines it.
 */
function credentialOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1);
  if (scheme === 'bearer') return value;
  if (scheme === 'basic') return basicPassword(value);
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
