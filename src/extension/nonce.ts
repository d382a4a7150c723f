// A fresh nonce per webview HTML: only scripts and styles carrying it run (strict CSP).
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes); // a nonce must not be guessable: not Math.random
  let out = '';
  for (const b of bytes) out += chars[b % chars.length];
  return out;
}

/** Embeds JSON in HTML safely (no `</script>` break-out). */
export const jsonForHtml = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
