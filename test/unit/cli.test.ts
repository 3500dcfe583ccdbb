// `runlens` as users run it: help, version, and one clear line for each way a start can fail.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function runlens(args: string[], cwd = repoRoot, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'src', 'cli.ts'), ...args], { cwd, timeout: 20_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('--version prints the package version and --help lists the server command', async () => {
  assert.deepEqual(await runlens(['--version']).then((r) => [r.code, r.stdout.trim()]), [0, packageVersion]);
  const help = await runlens(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /server/u);
  const serverHelp = await runlens(['server', '--help']);
  for (const flag of ['--backend-store-uri', '--default-artifact-root', '--artifacts-destination', '--serve-artifacts', '--no-serve-artifacts', '--host', '--port', '--allowed-hosts', '--cors-allowed-origins']) {
    assert.ok(serverHelp.stdout.includes(flag), `server --help documents ${flag}`);
  }
  // The team setup's bucket roots are documented, with where their credentials come from.
  for (const text of ['s3://bucket/path', 'gs://bucket/path', 'wasbs://container@account.blob.core.windows.net/path', 'MLFLOW_S3_ENDPOINT_URL']) {
    assert.ok(serverHelp.stdout.includes(text), `server --help mentions ${text}`);
  }
});

test('mcp: --help documents its flags and credentials; a missing store fails with one line naming the flag', async () => {
  const help = await runlens(['--help']);
  assert.match(help.stdout, /mcp +Serve the agent tools/u);
  const mcpHelp = await runlens(['mcp', '--help']);
  assert.equal(mcpHelp.code, 0);
  for (const text of ['--tracking-uri', '--backend-store-uri', '--allow-writes', 'MLFLOW_TRACKING_URI', 'MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_INSECURE_TLS']) {
    assert.ok(mcpHelp.stdout.includes(text), `mcp --help mentions ${text}`);
  }
  assert.equal((await runlens(['help', 'mcp'])).stdout, mcpHelp.stdout);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-cli-mcp-'));
  try {
    const cases: [string[], RegExp][] = [
      [['mcp'], /no MLflow store in .*--tracking-uri.*MLFLOW_TRACKING_URI/u],
      [['mcp', '--tracking-uri', 'sqlite:///missing.db'], /no MLflow store at .*missing\.db/u],
      [['mcp', '--tracking-uri', 'a.db', '--backend-store-uri', 'b.db'], /not both/u],
      [['mcp', '--allow-write'], /Unknown option '--allow-write'/u],
    ];
    for (const [args, message] of cases) {
      const result = await runlens(args, dir, { MLFLOW_TRACKING_URI: '' });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '', 'nothing on stdout, which is the protocol');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad flag, a busy port and an unreadable store each fail with one clear line', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-cli-'));
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const busyPort = (blocker.address() as net.AddressInfo).port;
  try {
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['server', '--bogus'], /Unknown option '--bogus'/u],
      [['server', '--port', 'eighty'], /--port must be a number/u],
      [['server', '--port', String(busyPort)], new RegExp(`port ${busyPort} .*already in use`, 'u')],
      [['server', '--backend-store-uri', `sqlite:///${path.join(dir, 'folder.db')}`], /cannot open the backend store/u],
      [['server', '--backend-store-uri', 'postgresql://db/mlflow'], /only sqlite/u],
      [['server', '--artifacts-destination', 'hdfs://namenode/artifacts'], /--artifacts-destination must be a folder or an s3:\/\//u],
      [['server', '--artifacts-destination', 's3://'], /Invalid artifact root 's3:\/\/': it names no valid bucket/u],
      [['server', '--default-artifact-root', 'gs://bucket/p?x=1'], /Invalid artifact root .*query strings/u],
      [['frobnicate'], /unknown command 'frobnicate'/u],
      // A blank token would let an empty credential in: refused before anything opens.
      [['server', '--auth-token', ''], /--auth-token is empty/u],
      [['server', '--auth-token', '   '], /--auth-token is empty/u],
      [['server', '--auth-token= '], /--auth-token is empty/u],
      [['server'], /RUNLENS_AUTH_TOKEN is empty/u, { RUNLENS_AUTH_TOKEN: '' }],
      [['server', '--auth-token', ' padded'], /--auth-token starts or ends with whitespace/u],
    ];
    mkdirSync(path.join(dir, 'folder.db'));
    for (const [args, message, env] of cases) {
      const result = await runlens(args, dir, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
    }
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Waits for the warning, which may arrive just after the "listening at" line on the other pipe. */
async function stderrOf(server: ServerProcess): Promise<string> {
  for (let i = 0; i < 20 && !server.errors().includes('\n'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return server.errors();
}

test('an open --host without a token warns on stderr and still starts; loopback or a token says nothing', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-cli-'));
  try {
    const open = await startRunlensServer(dir, ['--host', '0.0.0.0', '--backend-store-uri', `sqlite:///${path.join(dir, 'open.db')}`]);
    const port = new URL(open.url).port;
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    const warning = await stderrOf(open);
    assert.equal(await open.stop(), 0);
    assert.equal(health.status, 200, 'it serves anyway, as mlflow server does');
    assert.match(warning, /^warning: /u);
    assert.match(warning, new RegExp(`anyone who can reach port ${port} .*can read and change every run`, 'u'));
    assert.match(warning, /--auth-token.*RUNLENS_AUTH_TOKEN.*reverse proxy/u);
    assert.equal(open.output().split('warning').length, 2, 'said once');

    for (const args of [['--host', '127.0.0.1'], ['--host', 'localhost'], ['--host', '0.0.0.0', '--auth-token', 'tok']]) {
      const quiet = await startRunlensServer(dir, [...args, '--backend-store-uri', `sqlite:///${path.join(dir, 'quiet.db')}`]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const said = quiet.errors();
      assert.equal(await quiet.stop(), 0);
      assert.equal(said, '', args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
