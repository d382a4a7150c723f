// A census worker thread (started by scripts/censusPool.ts, bundled as dist/scripts/censusWorker.js): loads the
// parsers once and says so, then analyses the units it is sent, each file in order and each unit with an import
// cache of its own (censusSchedule.ts says why), posting every file's report as soon as it is made and `done` with
// its running account (censusTiming.ts) after a unit's last file.
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { analyseFile, freshImports, loadAsModule, loadParsers } from './censusFile';
import type { FromWorker, ToWorker } from './censusPool';
import { GcTime, now, threadCpuMs, type WorkerStats } from './censusTiming';

const port = parentPort;
if (!port) throw new Error('censusWorker.js runs as a worker thread of census.js');
const units: ToWorker[] = [];
let loaded = false;

const { base, timing } = workerData as { base: string; timing: boolean };
const gc = timing ? new GcTime() : undefined;
const account = { loadMs: 0, loadCpuMs: undefined as number | undefined, busyMs: 0, primeMs: 0, primeCpuMs: 0, postMs: 0, waitMs: 0, files: 0 };
/** When the worker last ran out of files (undefined while it has some). */
let idleSince: number | undefined;

function post(m: FromWorker): void {
  port?.postMessage(m);
}

const stats = (): WorkerStats => ({ ...account, cpuMs: threadCpuMs(), ...(gc ? { gcMs: gc.read().ms, gcCount: gc.count, minorGcMs: gc.minorMs, minorGcCount: gc.minorCount } : {}),
  youngMb: resourceLimits.maxYoungGenerationSizeMb });

function drain(): void {
  if (!loaded) return;
  if (idleSince !== undefined && units.length > 0) account.waitMs += now() - idleSince;
  for (let unit = units.shift(); unit; unit = units.shift()) {
    freshImports();
    const t0 = now();
    const cpu0 = threadCpuMs();
    for (const file of unit.before) loadAsModule(base, file);
    account.primeMs += now() - t0;
    const cpu1 = threadCpuMs();
    if (cpu0 !== undefined && cpu1 !== undefined) account.primeCpuMs += cpu1 - cpu0;
    for (const { index, file } of unit.files) {
      const t0 = now();
      const cpu0 = threadCpuMs();
      const report = analyseFile(base, file);
      const t1 = now();
      const cpu1 = threadCpuMs();
      post({ kind: 'report', index, report, cpuMs: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined });
      account.busyMs += t1 - t0;
      account.postMs += now() - t1;
      account.files++;
    }
    post({ kind: 'done', stats: stats() });
  }
  idleSince = now();
}

port.on('message', (m: ToWorker) => {
  units.push(m);
  drain();
});
// a failure to load the grammars ends the thread with the error: the pool reports it and gives the files to no one
const start = now();
const cpu0 = threadCpuMs();
void loadParsers().then(() => {
  account.loadMs = now() - start;
  const cpu1 = threadCpuMs();
  account.loadCpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  loaded = true;
  post({ kind: 'ready' });
  drain();
});
