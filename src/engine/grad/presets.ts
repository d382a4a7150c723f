// One check per seed exercise (issue 4's presets), shared by the webview and the tests.
import type { CheckFile } from './checkFormat';

export interface Preset {
  /** Stable id, e.g. 'seed000-avgpool'. */
  id: string;
  title: string;
  description: string;
  check: CheckFile;
}

export const PRESETS: Preset[] = [];
