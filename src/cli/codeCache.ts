// Loads the command's bundle (dist/cli/main.js) with a V8 code cache: compiling the 1.3 MB bundle is about a third of
// a short run's CPU time, and Node 20 has no built-in compile cache for CommonJS (module.enableCompileCache came in
// Node 22). The cache is the bytecode V8 made on an earlier run (taken at exit, so it also holds the functions that
// run compiled lazily); V8 checks it against the source and its own version and flags, and rejects it otherwise.
//
// Where: next to the bundle when that folder is writable, else the user's cache folder. Not a shared temporary
// folder: a cache is code that runs, so it must not be a file another user could have put there. The file starts
// with a key line (the bundle's size and mtime, Node's version and platform); a file with another key is ignored and
// replaced. The cache is an optimisation only: any failure to read, check or write it leaves the command running
// exactly as without it.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** The key line a cache must start with to be used for `bundle` as it is now. */
function cacheKey(bundle: string): string {
  const st = fs.statSync(bundle);
  return `shapelens-v8-cache 1 ${st.size} ${st.mtimeMs} ${process.version} ${process.arch} ${process.platform}\n`;
}

/** The user's own cache folder (never a shared one), or undefined. */
function userCacheDir(): string | undefined {
  const home = os.homedir();
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ?? (home ? path.join(home, 'AppData', 'Local') : undefined);
  if (process.platform === 'darwin') return home ? path.join(home, 'Library', 'Caches') : undefined;
  return process.env.XDG_CACHE_HOME || (home ? path.join(home, '.cache') : undefined);
}

/** Where the cache of `bundle` lives: beside it if its folder is writable, else in the user's cache folder. */
function cacheFileFor(bundle: string): string | undefined {
  const dir = path.dirname(bundle);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return `${bundle}.v8-cache`;
  } catch {
    const base = userCacheDir();
    if (!base) return undefined;
    // one file per installed bundle: the bundle's path, made a file name
    const name = path.resolve(bundle).replace(/[^A-Za-z0-9._-]+/g, '_').slice(-180);
    return path.join(base, 'shapelens', `${name}.v8-cache`);
  }
}

/** The cached bytecode in `file` when it was made for `key`, else undefined. */
function readCache(file: string, key: string): Buffer | undefined {
  try {
    const data = fs.readFileSync(file);
    const head = Buffer.from(key);
    return data.length > head.length && data.subarray(0, head.length).equals(head) ? data.subarray(head.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (a temporary file renamed), so a concurrent run never reads half of one. */
function writeCache(file: string, key: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(key), data]), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was written
    }
  }
}

/** Compiles `bundle` (from its cache when one fits), runs it as a CommonJS module, and caches it at exit if needed. */
export function requireWithCodeCache(bundle: string): void {
  let file: string | undefined;
  let key = '';
  let cached: Buffer | undefined;
  try {
    key = cacheKey(bundle);
    file = cacheFileFor(bundle);
    cached = file ? readCache(file, key) : undefined;
  } catch {
    file = undefined;
  }
  const source = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData: cached,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (file && (cached === undefined || script.cachedDataRejected)) {
    const target = file;
    process.once('exit', () => {
      try {
        writeCache(target, key, script.createCachedData());
      } catch {
        // no cache this time; the next run compiles again
      }
    });
  }
  const mod = new Module(bundle);
  mod.filename = bundle;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
}
