// `runlens` command line. The tracking server subcommand lands with the server issue.
import { parseArgs } from 'node:util';
import packageJson from '../package.json' with { type: 'json' };

const HELP = `Usage: runlens <command> [options]

Commands:
  server      Run an MLflow-compatible tracking server (coming with the server release)

Options:
  -h, --help     Show this help
  -v, --version  Show the version
`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    allowPositionals: true,
    strict: false,
  });
  if (values.version) {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(`runlens: unknown command '${positionals[0]}'. Run 'runlens --help'.\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
