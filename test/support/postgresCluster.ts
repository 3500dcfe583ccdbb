// A throwaway PostgreSQL cluster for one test file: initdb in a temp folder, trust auth on loopback,
// one database, stopped and deleted afterwards. initdb refuses root, so as root it runs as `postgres`.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './mlflowServer.ts';

const POSTGRES_ROOT = '/usr/lib/postgresql';
const INSTALL_HINT = '`.ci/run` installs them (apt-get install postgresql), or install the Debian `postgresql` package yourself';

export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:<port>/<database>` */
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const versions = existsSync(POSTGRES_ROOT)
    ? readdirSync(POSTGRES_ROOT).filter((v) => existsSync(path.join(POSTGRES_ROOT, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`PostgreSQL server binaries not found (${POSTGRES_ROOT}/*/bin/initdb): ${INSTALL_HINT}.`);
  return path.join(POSTGRES_ROOT, versions[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error(`The \`postgres\` system user does not exist: ${INSTALL_HINT}.`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(command: string, args: string[], asPostgres: boolean): Promise<string> {
  const [file, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: 120_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

export async function startPostgresCluster(database = 'mlflow'): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-pg-'));
  if (asPostgres) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const port = await freePort();
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      await run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], asPostgres);
    // fsync off: the cluster is thrown away, so durability only costs time.
    const serverOptions = `-k ${dir} -h 127.0.0.1 -p ${port} -F`;
    await run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start'], asPostgres);
    started = true;
    await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database], asPostgres);
  } catch (error) {
    const serverLog = log();
    await stop();
    throw new Error(`${(error as Error).message}\nserver log:\n${serverLog}`);
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/${database}`, log, stop };
}
