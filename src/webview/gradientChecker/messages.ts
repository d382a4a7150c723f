// The messages between the Gradient Checker page and its host (the VS Code extension, or the test page's stub).
// The page never touches files or the clipboard itself: the host does, so both hosts (desktop and web) behave alike.
import type { LayerPrefill } from '../../present/gradBuilder/prefill';

export type { LayerPrefill };

/** Page → host. */
export type PageMessage =
  | { type: 'ready' }
  /** Ask the host for a check file (showOpenDialog); answered by 'opened' or 'openFailed'. */
  | { type: 'open' }
  /** Save this JSON (showSaveDialog); answered by 'saved' or nothing when cancelled. */
  | { type: 'save'; json: string; suggestedName: string }
  /** Put text on the clipboard; answered by 'copied'. */
  | { type: 'copy'; text: string; label: string }
  /** The page has applied the prefill it was sent (the host stops re-sending it). */
  | { type: 'prefillApplied' };

/** Host → page. */
export type HostMessage =
  | { type: 'prefill'; prefill: LayerPrefill }
  | { type: 'opened'; json: string; fileName: string }
  | { type: 'openFailed'; message: string }
  | { type: 'saved'; fileName: string }
  | { type: 'copied'; label: string };

/** The part of VS Code's webview API the page uses (acquireVsCodeApi()). */
export interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
