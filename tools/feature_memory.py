"""Peak memory of `extract_features` over a synthetic folder: the main process and all its workers.

Memory is sampled every 0.2 s as PSS (proportional set size, so pages shared between the workers
count once) from /proc, Linux only. A flat extraction grows only by the size of its result.
Usage (the 2,000-clip measurement of issue 5, then 200 clips of the same folder to compare):
    python -c "from music_clust.synth import make_synthetic; make_synthetic('big', n_per_genre=200, duration=10.0)"
    python tools/feature_memory.py big 2000 --jobs 2 --cache /tmp/cache2000
    python tools/feature_memory.py big 200 --jobs 2 --cache /tmp/cache200
"""
import argparse
import json
import os
import resource
import threading
import time


def pss_kib(pid:int) -> int:
    "The PSS of one process in KiB (0 once it has gone)."
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f:
            return next((int(line.split()[1]) for line in f if line.startswith('Pss:')), 0)
    except OSError: return 0


def process_tree(pid:int) -> list[int]:
    "`pid` and every process below it."
    children = {}
    for p in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{p}/stat') as f: parent = int(f.read().rsplit(')', 1)[1].split()[1])
        except OSError: continue
        children.setdefault(parent, []).append(int(p))
    tree, todo = [], [pid]
    while todo:
        tree.append(q := todo.pop()); todo += children.get(q, [])
    return tree


def measure(folder:str, n:int, jobs:int, cache:str, duration:float) -> dict:
    "Extract the features of `n` clips of `folder` (spread over its genres) while sampling memory."
    from music_clust.data import load_audio_folder
    from music_clust.features import FeatureParams, extract_features
    paths = load_audio_folder(folder).paths
    paths = paths[::max(1, len(paths)//n)][:n]
    samples, stop, me = [], threading.Event(), os.getpid()
    def sample():
        while not stop.is_set():
            samples.append((pss_kib(me), sum(map(pss_kib, process_tree(me)))))
            time.sleep(0.2)
    sampler = threading.Thread(target=sample, daemon=True); sampler.start()
    t0 = time.perf_counter()
    f = extract_features(paths, FeatureParams(duration=duration), cache_dir=cache, n_jobs=jobs, progress=False)
    seconds = time.perf_counter() - t0
    stop.set(); sampler.join()
    quarter = len(samples)//4 or 1
    return {'clips': len(paths), 'kept': len(f.kept), 'jobs': jobs, 'seconds': round(seconds, 1),
            'result_MiB': round((f.mfcc.nbytes + f.summary.nbytes + f.tempo.nbytes)/2**20, 1),
            'main_PSS_peak_MiB': round(max(s[0] for s in samples)/1024, 1),
            'all_processes_PSS_peak_MiB': round(max(s[1] for s in samples)/1024, 1),
            'all_processes_PSS_peak_by_quarter_MiB': [round(max(s[1] for s in samples[:i + quarter])/1024, 1)
                                                       for i in range(0, 4*quarter, quarter)],
            'main_maxrss_MiB': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024, 1)}


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('folder'); p.add_argument('n', type=int)
    p.add_argument('--jobs', type=int, default=2); p.add_argument('--cache', required=True, help='an empty folder: every clip computed')
    p.add_argument('--duration', type=float, default=10.0)
    a = p.parse_args()
    print(json.dumps(measure(a.folder, a.n, a.jobs, a.cache, a.duration)))
