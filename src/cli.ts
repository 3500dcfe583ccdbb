// `runlens` command line.
import packageJson from '../package.json' with { type: 'json' };
import { MCP_HELP, runMcpCommand } from './mcp/mcpCommand.ts';
import { runServerCommand, SERVER_HELP } from './server/serverCommand.ts';

const HELP = `Usage: runlens <command> [options]

Commands:
  server      Run an MLflow-compatible tracking server (runlens server --help)
  mcp         Serve the agent tools as an MCP server over stdio (runlens mcp --help)

Options:
  -h, --help     Show this help
  -v, --version  Show the version
`;

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const err = (line: string) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);

/** Serves until the client goes; then exits even if a connection pool would keep the process alive. */
async function mcp(args: string[]): Promise<number> {
  try {
    if (await runMcpCommand(args, packageJson.version, out, err)) setTimeout(() => process.exit(0), 2000).unref();
    return 0;
  } catch (error) {
    err(`runlens mcp: ${(error as Error).message}`);
    return 2;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    out(packageJson.version);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(command === 'help' && rest[0] === 'server' ? SERVER_HELP : command === 'help' && rest[0] === 'mcp' ? MCP_HELP : HELP);
    return 0;
  }
  if (command === 'mcp') return mcp(rest);
  if (command !== 'server') {
    process.stderr.write(`runlens: unknown command '${command}'. Run 'runlens --help'.\n`);
    return 2;
  }
  let running;
  try {
    running = await runServerCommand(rest, packageJson.version, out, err);
  } catch (error) {
    process.stderr.write(`runlens server: ${(error as Error).message}\n`);
    return 2;
  }
  if (!running) return 0;
  const stop = running.close;
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      out(`${signal}: finishing in-flight requests and closing the store`);
      stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
