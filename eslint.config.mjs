// The layer rule of docs/architecture.md: only src/vscode imports 'vscode'; webviews import src/shared only.
import tseslint from 'typescript-eslint';

const vscodeOnly = { name: 'vscode', message: "Only src/vscode/ may import 'vscode' (docs/architecture.md)." };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'test-results/**', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [vscodeOnly] }],
    },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/extension.ts', 'test/vscode/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The agent tools run in VS Code and in `runlens mcp`, so they take nothing from src/vscode/.
    files: ['src/tools/**/*.ts', 'src/chat/**/*.ts', 'src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeOnly],
        patterns: [{ group: ['**/vscode/**'], message: 'The tool layer imports nothing from src/vscode/ (docs/architecture.md).' }],
      }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscodeOnly],
        patterns: [{ group: ['**/store/**', '**/server/**', '**/vscode/**', '**/restApi/**', 'node:*'], message: 'Webviews import src/shared only.' }],
      }],
    },
  },
);
