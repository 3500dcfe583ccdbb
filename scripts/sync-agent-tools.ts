// `npm run sync:tools`: writes the catalog's tools (src/tools/toolCatalog.ts) into package.json's
// `contributes.languageModelTools` and `activationEvents`. Run after adding or changing a tool;
// `--check` only says whether package.json is in sync (exit 1 when not).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_TOOLS } from '../src/tools/toolCatalog.ts';
import { withToolContributions } from '../src/tools/toolContributions.ts';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const before = readFileSync(file, 'utf8');
const after = `${JSON.stringify(withToolContributions(JSON.parse(before) as object, AGENT_TOOLS), null, 2)}\n`;
if (process.argv.includes('--check')) {
  console.log(before === after ? 'package.json lists the catalog\'s tools' : 'package.json differs from the catalog: run npm run sync:tools');
  process.exitCode = before === after ? 0 : 1;
} else if (before !== after) {
  writeFileSync(file, after);
  console.log(`package.json: ${AGENT_TOOLS.length} language-model tools written`);
} else {
  console.log('package.json already lists the catalog\'s tools');
}
