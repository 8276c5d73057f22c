"""The seeds stage of the README run alone (issue 36, cold start): 3 Easy seeds on the worker processes a run starts on this
machine (`seeds._computed`), on the README inputs (synthetic default, features cached in CACHE), timed from the stage's start
to its last seed, so the workers' start-up is inside: the code on PYTHONPATH decides how they start (before: joblib's loky
workers, each importing Keras; after: forked from a server that imported it once, started here at the stage's start, the
worst case for it: a run starts it at its own start). Prints the wall time, the CPU of every process on the machine over the
stage (/proc/stat: the workers' server is not this process's child), and a hash of the seeds' score rows (times left out)
so that the two can be compared for identical results.

    PYTHONPATH=CODE python benchmarks/seed_workers.py LABEL CACHE      (a fresh process each; nothing else working)"""
import hashlib, json, os, sys, tempfile, time
from pathlib import Path

def machine_cpu() -> float:
    "CPU seconds of every process on the machine so far (user, nice, system)."
    return sum(map(int, open('/proc/stat').readline().split()[1:4])) / os.sysconf('SC_CLK_TCK')

def rows_hash(results) -> str:
    "A hash of the score rows of every seed, fit times left out."
    rows = [{k: v for k, v in r.items() if 'seconds' not in k} for rs, _ in results for r in rs]
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:12]

if __name__ == '__main__':
    label, cache = sys.argv[1], sys.argv[2]
    from music_clust.config import RunConfig
    from music_clust.inputs import load_inputs, choose_k
    from music_clust import seeds
    cfg = RunConfig(progress=False, cache_dir=cache)
    inputs = load_inputs(cfg)
    k = choose_k(cfg, inputs)[0]
    t, c = time.perf_counter(), machine_cpu()
    if hasattr(seeds, 'start_workers_early'): seeds.start_workers_early(cfg)
    results = list(seeds._computed(inputs, cfg, k, Path(tempfile.mkdtemp()), [0, 1, 2]))
    print(f'{label}: wall {time.perf_counter() - t:.1f} s, machine CPU {machine_cpu() - c:.1f} s, '
          f'rows {rows_hash(results)}, load1 at the end {os.getloadavg()[0]:.1f}', flush=True)
