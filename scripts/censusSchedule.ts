// How the census cuts its files into units of work for its worker threads. A unit is a contiguous run of one
// repository's files in path order. Each unit starts with an import cache of its own into which the repository's files
// before the unit are first loaded as modules (censusFile.ts, loadAsModule), so its files see the modules they would
// see on one thread analysing every file in path order — whichever worker takes the unit, after whatever it did
// before. That matters: a module can come out differently when its package was loaded first (timm's bulk_runner.py,
// the first of its files, runs `from timm.models import list_models`, which loads every model file; analysed cold,
// vision_transformer_hybrid.py lost a branch in four of its models). A repository larger than one thread's share of
// the corpus is cut into that many runs of about equal expected cost; the units go out costliest first, each to the
// next free worker, so the run ends with small units and the threads finish together.
//
// The expected cost of a file is not its length: timm's vision_transformer.py (212 kB) takes ~12 s, 40 times a
// 20 kB CIFAR model's, and an optimiser file of that length takes milliseconds. What ShapeLens spends its time on is
// building and running models, so the estimate (in rough milliseconds, fitted on the census's 375-file bench subset)
// charges a file's length a little, each top-level function and class of a file that uses torch.nn (a model, a block,
// a builder) more, and each decorated top-level function most: a registered factory (timm's 158 @register_model in
// vision_transformer.py) builds and runs a whole model. It puts timm at two thirds of that subset's time, as measured.
// A notebook is charged for its code cells, not its outputs.

/** A file to analyse: its index in the run's file list, its repository and what it is expected to cost. */
export interface Job {
  readonly index: number;
  readonly project: string;
  readonly cost: number;
}

/** A unit of work: a contiguous run of one repository's files (indices in path order) and its expected cost. */
export interface Unit {
  readonly indices: number[];
  readonly cost: number;
}

const PER_CHAR = 1 / 200;
const PER_DEFINITION = 15;
const PER_FACTORY = 80;
const DEFINITION = /^(?:async\s+)?(?:def|class)\s/gm;
const DECORATED_FUNCTION = /^@.*\n(?:@.*\n)*(?:async\s+)?def\s/gm;
const USES_NN = /\bnn\.|\bnn\b\s+import|import\s+torch\.nn|\bModule\b/;

/** The expected cost of a file from its code (a notebook's code cells), in rough milliseconds. */
export function expectedCost(code: string): number {
  const definitions = USES_NN.test(code) ? code.match(DEFINITION)?.length ?? 0 : 0;
  const factories = code.match(DECORATED_FUNCTION)?.length ?? 0;
  return code.length * PER_CHAR + PER_DEFINITION * definitions + PER_FACTORY * factories;
}

/**
 * The units: each repository's files in path order (`jobs` are in path order), cut into contiguous runs of about
 * equal cost when the repository is more than one thread's share of the whole, costliest unit first.
 */
export function partition(jobs: readonly Job[], threads: number): Unit[] {
  const byProject = new Map<string, Job[]>();
  for (const job of jobs) {
    const list = byProject.get(job.project);
    if (list) list.push(job);
    else byProject.set(job.project, [job]);
  }
  const total = jobs.reduce((s, j) => s + j.cost, 0);
  const share = total / Math.max(1, threads);
  const units = [...byProject.values()].flatMap((project) => chunks(project, share));
  return units.sort((a, b) => b.cost - a.cost || a.indices[0] - b.indices[0]);
}

/** A repository's files cut into the fewest contiguous runs of about equal cost that each fit in `share`. */
function chunks(jobs: readonly Job[], share: number): Unit[] {
  const total = jobs.reduce((s, j) => s + j.cost, 0);
  const count = Math.min(jobs.length, Math.max(1, share > 0 ? Math.ceil(total / share - 1e-9) : 1));
  const out: Unit[] = [];
  let current: { indices: number[]; cost: number } = { indices: [], cost: 0 };
  let before = 0;
  for (const job of jobs) {
    // cut before the file whose middle passes the next equal fraction of the repository's cost
    const target = (total * (out.length + 1)) / count;
    if (out.length < count - 1 && current.indices.length > 0 && before + job.cost / 2 > target) {
      out.push(current);
      current = { indices: [], cost: 0 };
    }
    current.indices.push(job.index);
    current.cost += job.cost;
    before += job.cost;
  }
  out.push(current);
  return out;
}
