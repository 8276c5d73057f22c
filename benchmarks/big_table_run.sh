#!/bin/bash
# usage: big.sh TAG CODE_DIR ROWS [extra args]: the Easy tier with its defaults on /tmp/spotify_ROWS.csv, time-stamped, /usr/bin/time -v
. /work/main/.venv/bin/activate
tag=$1; code=$2; rows=$3; shift 3
export MPLBACKEND=Agg PYTHONPATH=$code MUSIC_CLUST_CACHE=/tmp/i36/cache_big NUMBA_CACHE_DIR=/tmp/i36/numba_big
rm -rf /tmp/i36/out_$tag; cd /tmp/i36
/usr/bin/time -v -o /tmp/i36/$tag.time nice -n 10 python -u -m music_clust run --features /tmp/spotify_$rows.csv --label-col playlist_genre --tier easy --out /tmp/i36/out_$tag "$@" 2>&1 \
 | python -u -c "
import sys,time
t0=time.time()
for l in sys.stdin:
    for part in l.replace('\r','\n').splitlines():
        if part.strip(): print(f'{time.time()-t0:7.1f} {part}', flush=True)
"
grep -E "Elapsed|Maximum resident|User time|System time|Exit" /tmp/i36/$tag.time
