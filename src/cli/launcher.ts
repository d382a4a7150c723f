// The `shapelens` command's entry point (dist/cli/shapelens.js): it makes sure the command runs in a Node started
// with V8_FLAGS (given when Node starts, never changed afterwards), then loads the command (dist/cli/main.js).
//
// Why: Node 20 can deadlock at exit (nodejs/node#54918). When the event loop empties, the main thread waits in
// NodePlatform::DrainTasks for V8's background tasks; a concurrent TurboFan compile job still running then may need
// a garbage collection to allocate, and waits in CollectionBarrier::AwaitCollectionBackground for the main thread —
// which is waiting for it. The process sleeps at 0 % CPU forever (seen in about 1 of 100 runs on a loaded 2-core
// machine; gdb shows exactly those two stacks). `process.exit()` does not avoid it (it joins the same worker
// threads), and changing the flag after start-up has no effect (V8 creates its compile dispatcher when the isolate
// starts). So the flag is given when Node starts: by the shebang when the command is run directly or through npm's
// bin link, and otherwise (`node dist/cli/shapelens.js …`) by starting Node once more with it, on this same script. This small script
// runs no hot code, so it cannot reach that state itself. The bundle is loaded with a V8 code cache (codeCache.ts).
import { constants } from 'node:os';
import path from 'node:path';
import { requireWithCodeCache } from './codeCache';

/**
 * --no-concurrent-recompilation: TurboFan compiles JavaScript on the main thread, so no background compile job can
 * be in flight when the process exits. --liftoff-only: the grammar's wasm is compiled once, by the baseline
 * compiler, with no optimising recompile on background threads that a one-shot command would wait for at exit
 * (~100 ms of a 200 ms run) and never use. --wasm-lazy-validation: each wasm function is validated when it is first
 * compiled rather than the whole grammar up front (~30 ms of CPU a run; a run calls few of its functions). The
 * shebang scripts/build.mjs writes carries the same flags (a unit test checks they agree).
 */
const V8_FLAGS = ['--no-concurrent-recompilation', '--liftoff-only', '--wasm-lazy-validation'];

const main = path.join(__dirname, 'main.js');
if (V8_FLAGS.every((f) => process.execArgv.includes(f))) {
  requireWithCodeCache(main); // the sibling bundle, loaded at run time (not bundled into this file)
} else {
  // required here, not imported at the top: loading child_process (and the streams it needs) is ~20 ms a run that
  // already has the flags does not need
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(process.execPath, [...V8_FLAGS, ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.error) {
    process.stderr.write(`shapelens: cannot start node (${r.error.message})\n`);
    process.exitCode = 2;
  } else if (r.signal) {
    process.exitCode = 128 + (constants.signals[r.signal] ?? 0);
  } else {
    process.exitCode = r.status ?? 2;
  }
}
