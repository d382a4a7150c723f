// The page's HTML shell, shared by the extension host and the standalone test page so both run under the same
// strict CSP: scripts only with the nonce, styles only from the extension, the worker only from a blob: URL
// (the page fetches its own script to start it), nothing external.

export interface PageHtmlOptions {
  /** webview.cspSource (or the test server's origin). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function gradientCheckerHtml(o: PageHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    `connect-src ${o.cspSource}`,
    'worker-src blob:',
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>ShapeLens: Gradient Checker</title>
</head>
<body>
<div id="app" class="gc-app" aria-busy="true"><p class="gc-loading">Loading the gradient checker…</p></div>
<script nonce="${o.nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** A fresh nonce per page load (letters and digits, as the CSP grammar allows). */
export { makeNonce } from './nonce';

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
