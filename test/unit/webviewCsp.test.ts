// The webviews' Content-Security-Policy: scripts only with the page's nonce, styles only from our
// stylesheets (no 'unsafe-inline'), nothing else from anywhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { webviewCsp } from '../../src/vscode/webview/webviewCsp.ts';
import { repoRoot } from '../support/python.ts';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/u)).map(([name, ...values]) => [name, values]));
}

test('no unsafe-inline or unsafe-eval anywhere; scripts need the nonce, styles come from the webview source only', () => {
  const csp = webviewCsp(SOURCE, 'abc123==');
  assert.doesNotMatch(csp, /unsafe-/u);
  const policy = directives(csp);
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.deepEqual(policy.get('script-src'), ["'nonce-abc123=='"]);
  assert.deepEqual(policy.get('style-src'), [SOURCE]);
  assert.deepEqual(policy.get('img-src'), [SOURCE, 'data:']);
  assert.deepEqual(policy.get('font-src'), [SOURCE]);
});

test('the HTML shell uses this policy and gives its script the nonce', () => {
  const shell = readFileSync(path.join(repoRoot, 'src', 'vscode', 'webview', 'webviewHtml.ts'), 'utf8');
  assert.match(shell, /webviewCsp\(webview\.cspSource, nonce\)/u);
  assert.match(shell, /<script nonce="\$\{nonce\}"/u);
  assert.doesNotMatch(shell, /style="|<style/u, 'the shell itself has no inline style');
});

test('the pages set no inline style as markup (style attributes or <style>), which the policy would refuse', () => {
  const pages = readdirSync(path.join(repoRoot, 'src', 'webview'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  assert.ok(pages.length >= 8, `found ${pages.length} page sources`);
  for (const app of pages) {
    const text = readFileSync(path.join(repoRoot, 'src', 'webview', app), 'utf8');
    assert.doesNotMatch(text, /style\s*=\s*["'`]|<style|setAttribute\(\s*['"]style|cssText|innerHTML|insertAdjacentHTML/u, app);
  }
});
