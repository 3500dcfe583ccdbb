// Whether the server can be reached from other machines, and what to tell the user when it can
// and no token guards it (mlflow server starts anyway; so do we, but not silently).
import net from 'node:net';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True for the address of a socket bound to 127.0.0.0/8 or ::1 (IPv4-mapped forms included).
 * 0.0.0.0, :: and LAN addresses are not: other machines can connect.
 */
export function isLoopbackAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** The warning for a server bound beyond loopback without a token. */
export function unguardedServerWarning(host: string, port: number): string {
  return `warning: --host ${host} without --auth-token: anyone who can reach port ${port} on this machine can read and change every run, model and artifact. `
    + 'Set --auth-token (or RUNLENS_AUTH_TOKEN), or bind 127.0.0.1 behind a reverse proxy that authenticates.';
}
