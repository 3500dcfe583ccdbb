// The Content-Security-Policy of every RunLens webview page. Scripts run only with the page's
// nonce; styles come only from our stylesheets (media/). No 'unsafe-inline': the pages set styles
// through the CSSOM (element.style.x = …, as Chart.js and the virtualised table do), which CSP
// allows, and never through style="…" attributes or <style> tags.
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}
