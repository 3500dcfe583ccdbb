// What a browser sees at the server's root. mlflow prints "View run … at <server>/#/experiments/…"
// links; the fragment never reaches the server, so `/` answers them all with a small page that says
// what this server is and, inside VS Code, links the run or experiment back into the editor.
import { randomBytes } from 'node:crypto';

export interface LandingPageOptions {
  version: string;
  /**
   * `<uriScheme>://<extension id>` of the editor that runs the server; the page links
   * `<openUri>/run?id=…` and `<openUri>/experiment?id=…` from mlflow's fragment. Absent for the CLI.
   */
  openUri?: string;
}

export interface LandingPage {
  headers: Record<string, string>;
  body: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => HTML_ESCAPES[c]);
}

// Reads mlflow's `#/experiments/<id>[/runs/<id>]` fragment and points the link at that run or
// experiment; ids are matched strictly, URL-encoded, and shown with textContent.
const SCRIPT = `
const link = document.getElementById('open-link');
const match = /^#\\/experiments\\/([0-9]{1,19})(?:\\/runs\\/([0-9A-Za-z_-]{1,64}))?/u.exec(location.hash);
if (link && match) {
  const [, experimentId, runId] = match;
  link.href = link.dataset.base + (runId ? '/run?id=' + encodeURIComponent(runId) + '&experiment=' + encodeURIComponent(experimentId) : '/experiment?id=' + encodeURIComponent(experimentId));
  link.textContent = runId ? 'Open run ' + runId + ' in the editor' : 'Open experiment ' + experimentId + ' in the editor';
}
`;

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:42em;margin:3em auto;padding:0 1em;line-height:1.5}code{font-size:95%}a.button{display:inline-block;padding:.4em 1em;border-radius:4px;background:#0e639c;color:#fff;text-decoration:none}';

export function landingPage(options: LandingPageOptions): LandingPage {
  const nonce = randomBytes(16).toString('base64');
  const version = escapeHtml(options.version);
  const open = options.openUri === undefined
    ? ''
    : `<p><a id="open-link" class="button" href="${escapeHtml(options.openUri)}" data-base="${escapeHtml(options.openUri)}">Open RunLens in the editor</a></p>
<p>Runs logged here appear in RunLens' Experiments view.</p>
<script nonce="${nonce}">${SCRIPT}</script>`;
  const body = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RunLens tracking server</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<h1>RunLens tracking server</h1>
<p>This is an MLflow-compatible tracking server (RunLens ${version}). It serves MLflow's REST API under <code>/api/2.0/mlflow/</code> and has no web UI of its own: scripts log into it with <code>MLFLOW_TRACKING_URI</code> set to this address.</p>
${open}
</body>
</html>
`;
  const scriptSource = options.openUri === undefined ? "'none'" : `'nonce-${nonce}'`;
  return {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src ${scriptSource}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
    body,
  };
}
