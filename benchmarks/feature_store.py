"""Peak memory of the process that extracts features and makes the Medium tier's image input, as the clips grow:
200 against 800 clips of 30 s, this code against another version, each a fresh process under /usr/bin/time -v.

    nice -n 10 python benchmarks/feature_store.py FOLDER CACHE --before CODE_DIR > benchmarks/feature_store.txt

FOLDER: at least 800 audio files of 30 s (e.g. ../shared/data/gtzan/audio_3x30 copied 9 times, one byte of each copy
changed so that its cache key differs); CACHE: a feature cache folder, filled first by this code (that run is timed
too). CODE_DIR: a folder holding another version's `music_clust` (`git archive 72cb36d music_clust | tar -x -C DIR`).
Each measured run reads every clip from the cache (both versions read the same entries; this version's stores are
removed first, so it writes its store each time), then pools the images to 64 frames as `tiers.audio_model_input`
does. The peak is the largest resident set (file pages mapped in included) of the process and of its workers."""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FRAMES = 64  # the Medium tier's default image width (`RunConfig.image_frames`)


def clips(folder:str, n:int) -> list:
    "The first `n` clips of `folder`, taken across its genres."
    from music_clust.data import load_audio_folder
    paths = load_audio_folder(folder).paths
    return paths[::max(1, len(paths)//n)][:n]


def one(folder:str, cache:str, n:int, jobs:int) -> dict:
    "Extract `n` clips (from the cache where there) and make the Medium tier's image input; time and own peak."
    import numpy as np
    from music_clust.features import FeatureParams, extract_features
    from music_clust.inputs import Inputs
    from music_clust.tiers import audio_model_input
    t0 = time.perf_counter()
    f = extract_features(clips(folder, n), FeatureParams(), cache_dir=cache, n_jobs=jobs, progress=False)
    t1 = time.perf_counter()
    inputs = Inputs(f.summary, [str(i) for i in f.kept], None, [], 'benchmark', mfcc=f.mfcc)
    images = audio_model_input(inputs, f.summary, np.arange(len(f.kept)), FRAMES)
    return {'clips': len(f.kept), 'from cache': f.n_cached, 'extract s': round(t1 - t0, 1),
            'image input s': round(time.perf_counter() - t1, 1), 'image input shape': list(images.shape),
            'MFCC images MB': round(f.mfcc.nbytes/1e6, 1), 'mfcc type': type(f.mfcc).__name__,
            'own peak RSS MB': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024, 1)}


def timed_child(code:str, args:list[str]) -> dict:
    "This script in a fresh process under /usr/bin/time -v with `code` first on the path: its answer, time's peak."
    env = {**os.environ, 'PYTHONPATH': code}
    out = subprocess.run(['/usr/bin/time', '-v', sys.executable, __file__, *args], env=env, capture_output=True,
                         text=True, check=True)
    peak = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', out.stderr)[1])
    return {**json.loads(out.stdout.strip().splitlines()[-1]), 'time -v max RSS MB': round(peak/1024, 1)}


def main(a):
    import platform
    print(f"# output of: nice -n 10 python benchmarks/feature_store.py FOLDER CACHE --before CODE_DIR  "
          f"({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; {platform.machine()}, {os.cpu_count()} CPU cores "
          f"shared with other jobs, load average {os.getloadavg()[0]:.1f} at the start; FOLDER: "
          f"{sum(1 for _ in Path(a.folder).rglob('*.wav'))} clips of 30 s, GTZAN 3x30 copies; n_jobs={a.jobs})")
    print('fill the cache, this code: ' + json.dumps(timed_child(str(HERE), ['--one', str(max(a.n)), *common(a)])))
    for n in a.n:
        for name, code in (('before', a.before), ('after', str(HERE))):
            shutil.rmtree(Path(a.cache)/'stores', ignore_errors=True)
            row = timed_child(code, ['--one', str(n), *common(a)])
            print(json.dumps({'code': name, 'load': round(os.getloadavg()[0], 1), **row}), flush=True)


def common(a) -> list[str]: return [a.folder, a.cache, '--jobs', str(a.jobs)]


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('folder'); p.add_argument('cache'); p.add_argument('--before')
    p.add_argument('--n', type=int, nargs='+', default=[200, 800]); p.add_argument('--jobs', type=int, default=2)
    p.add_argument('--one', type=int)
    a = p.parse_args()
    print(json.dumps(one(a.folder, a.cache, a.one, a.jobs))) if a.one else main(a)
