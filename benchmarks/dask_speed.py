"""joblib against a Dask LocalCluster on the same clips, each run in a fresh process into an empty cache, interleaved;
the arrays of every run compared to the last bit, and where a LocalCluster's time goes.

    nice -n 10 python benchmarks/dask_speed.py FOLDER --before CODE_DIR --rounds 2 > benchmarks/dask_speed.txt

FOLDER: audio (e.g. `music-clust synth FOLDER --n-per-genre 30 --duration 3`); CODE_DIR: a folder holding another
version's `music_clust` (e.g. `git archive 72cb36d music_clust | tar -x -C CODE_DIR`), run as "before"."""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DURATION = 3.0  # seconds analysed per clip: the length of the synthetic clips this is run on
HERE = Path(__file__).resolve().parent.parent


def digest(f) -> str:
    "One hash of everything an extraction returns: arrays, kept, failed and padded clips."
    import numpy as np
    h = hashlib.sha256()
    for a in (f.mfcc, f.summary, f.tempo): h.update(memoryview(np.ascontiguousarray(a)))
    h.update(json.dumps([f.kept, f.failed, f.padded]).encode())
    return h.hexdigest()[:16]


def one(folder:str, how:str, jobs:int) -> dict:
    "Extract every clip of `folder` into an empty cache (joblib or a LocalCluster): its time, a hash of its result."
    from music_clust.data import load_audio_folder
    from music_clust.features import FeatureParams, extract_features
    paths, load = load_audio_folder(folder).paths, os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        f = extract_features(paths, FeatureParams(duration=DURATION), cache_dir=cache, n_jobs=jobs, progress=False,
                             scheduler='local' if how == 'dask' else None)
        seconds = time.perf_counter() - t0
        return {'clips': len(f.kept), 'seconds': round(seconds, 1), 'clips/s': round(len(f.kept)/seconds, 2),
                'load before': load, 'hash': digest(f)}


def anatomy(folder:str, jobs:int) -> dict:
    "A LocalCluster's time piece by piece: its start, its workers' first analysis (imports, numba's cache), the clips."
    from distributed import Client, LocalCluster
    from music_clust.data import load_audio_folder
    from music_clust.features import FeatureParams, compile_kernels, extract_features
    params, paths = FeatureParams(duration=DURATION), load_audio_folder(folder).paths
    compile_kernels(params)
    t0 = time.perf_counter()
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
         Client(cluster) as client, tempfile.TemporaryDirectory() as cache:
        t1 = time.perf_counter(); client.run(compile_kernels, params); t2 = time.perf_counter()
        extract_features(paths, params, cache_dir=cache, progress=False, scheduler=cluster.scheduler_address)
        t3 = time.perf_counter()
    return {'start the cluster': round(t1 - t0, 1), 'workers import and warm up': round(t2 - t1, 1),
            'analyse the clips (warm workers)': round(t3 - t2, 1), 'close': round(time.perf_counter() - t3, 1)}


def per_clip(folder:str, n:int=100) -> dict:
    "Milliseconds per clip in a loop: in this process, and in a Dask worker with and without Dask's malloc setting."
    import dask
    from distributed import Client, LocalCluster
    from music_clust.data import load_audio_folder
    paths, found = load_audio_folder(folder).paths[:n], {'this process': _loop(load_audio_folder(folder).paths[:n])}
    environ = dict(dask.config.get('distributed.nanny.pre-spawn-environ'))
    # without it first: a nanny leaves its variables in this process's environment, which later workers inherit
    for name, env in (('Dask worker, without MALLOC_TRIM_THRESHOLD_', {k: v for k, v in environ.items()
                                                                     if k != 'MALLOC_TRIM_THRESHOLD_'}),
                      ('Dask worker, Dask\'s environment', environ)):
        with dask.config.set({'distributed.nanny.pre-spawn-environ': env}), \
             LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as c:
            with Client(c) as client: found[name] = client.submit(_loop, paths).result()
    return found


def _loop(paths:list) -> float:
    "Milliseconds per clip of `features._compute` over `paths`, after the kernels are warm (no cache kept)."
    from music_clust.features import FeatureParams, _compute, compile_kernels
    from music_clust.store import cache_key
    params = FeatureParams(duration=DURATION); compile_kernels(params)
    with tempfile.TemporaryDirectory() as cache:
        keys, t0 = [cache_key(p, params) for p in paths], time.perf_counter()
        for p, k in zip(paths, keys): _compute(p, k, params, cache)
        return round(1000*(time.perf_counter() - t0)/len(paths), 1)


def child(code:str, args:list[str]) -> dict:
    "Run this script in a fresh process with `code` first on the path; its JSON answer."
    env = {**os.environ, 'PYTHONPATH': code}
    out = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(a):
    import platform
    print(f"# output of: nice -n 10 python benchmarks/dask_speed.py FOLDER --before CODE_DIR --rounds {a.rounds}  "
          f"({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; {platform.machine()}, {os.cpu_count()} CPU cores "
          f"shared with other jobs, load average {os.getloadavg()[0]:.1f} at the start; FOLDER: "
          f"{sum(1 for _ in Path(a.folder).rglob('*.wav'))} synthetic clips of {DURATION:g} s; n_jobs={a.jobs})")
    runs = [('joblib', str(HERE), 'joblib'), ('Dask, before', a.before, 'dask'), ('Dask, after', str(HERE), 'dask')]
    rows = []
    for r in range(a.rounds):
        for name, code, how in runs:
            rows.append({'round': r + 1, 'path': name, **child(code, ['--one', how, '--jobs', str(a.jobs), a.folder])})
            print(json.dumps(rows[-1]), flush=True)
    best = {name: min(x['seconds'] for x in rows if x['path'] == name) for name, _, _ in runs}
    print('fastest of each: ' + ', '.join(f'{k} {v} s' for k, v in best.items()))
    ratio = {k: round(best[f'Dask, {k}']/best['joblib'], 2) for k in ('before', 'after')}
    print(f"Dask / joblib: before {ratio['before']:.2f}, after {ratio['after']:.2f}")
    print(f"every run returned the same arrays, kept, failed and padded clips: {len({x['hash'] for x in rows}) == 1}")
    print('ms per clip, one process at a time: ' + json.dumps(child(str(HERE), ['--per-clip', a.folder])))
    for name, code in (('before', a.before), ('after', str(HERE))):
        pieces = child(code, ['--anatomy', '--jobs', str(a.jobs), a.folder])
        print(f'where a LocalCluster\'s time goes, {name}: ' + json.dumps(pieces))


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('folder'); p.add_argument('--before'); p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--jobs', type=int, default=2); p.add_argument('--one')
    p.add_argument('--anatomy', action='store_true'); p.add_argument('--per-clip', action='store_true')
    a = p.parse_args()
    if a.one: print(json.dumps(one(a.folder, a.one, a.jobs)))
    elif a.anatomy: print(json.dumps(anatomy(a.folder, a.jobs)))
    elif a.per_clip: print(json.dumps(per_clip(a.folder)))
    else: main(a)
