// A census worker thread (started by scripts/censusPool.ts, bundled as dist/scripts/censusWorker.js): loads the
// parsers once, then analyses the files of each unit it is sent, in order, posting every file's report as soon as it
// is made and `done` after the unit's last. Its Projects cache (in censusFile.ts) lives as long as the thread.
import { parentPort, workerData } from 'node:worker_threads';
import { analyseFile, loadParsers } from './censusFile';
import type { FromWorker, ToWorker } from './censusPool';

const port = parentPort;
if (!port) throw new Error('censusWorker.js runs as a worker thread of census.js');
const { base } = workerData as { base: string };
const units: ToWorker[] = [];
let loaded = false;

function post(m: FromWorker): void {
  port?.postMessage(m);
}

function drain(): void {
  if (!loaded) return;
  for (let unit = units.shift(); unit; unit = units.shift()) {
    for (const { index, file } of unit.files) post({ kind: 'report', index, report: analyseFile(base, file) });
    post({ kind: 'done' });
  }
}

port.on('message', (m: ToWorker) => {
  units.push(m);
  drain();
});
// a failure to load the grammars ends the thread with the error: the pool reports it and gives the files to no one
void loadParsers().then(() => {
  loaded = true;
  drain();
});
