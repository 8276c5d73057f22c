#!/bin/bash
# usage: bash benchmarks/cold_profile.sh TAG CODE_DIR > /tmp/TAG.log   (under nice -n 10: the machine is shared)
# The README's run (`music-clust run --tier easy`, the embedded synthetic set) from a cold start: a fresh numba cache
# (NUMBA_CACHE_DIR) and an empty MUSIC_CLUST_CACHE in /tmp, the package at CODE_DIR (a `git archive` of the commit to
# time); every line it prints time-stamped (seconds since the start), then /usr/bin/time's wall, CPU and peak memory.
# Progress bars are kept: a bar's last line says how long its stage took.
. /work/main/.venv/bin/activate
tag=$1; code=$2
export MPLBACKEND=Agg NUMBA_CACHE_DIR=/tmp/cold_$tag/numba MUSIC_CLUST_CACHE=/tmp/cold_$tag/cache PYTHONPATH=$code
rm -rf /tmp/cold_$tag; mkdir -p /tmp/cold_$tag; cd /tmp/cold_$tag
/usr/bin/time -f "$tag: wall %e s, user %U s, sys %S s, peak RSS of the largest process %M kB, rc %x" nice -n 10 \
  python -u -m music_clust run --tier easy --out /tmp/cold_$tag/results 2>&1 | python -u -c "
import sys, time
t0 = time.time()
for line in sys.stdin:
    for part in line.replace('\r', '\n').splitlines():
        if part.strip(): print(f'{time.time() - t0:7.1f} {part}', flush=True)
"
