#!/bin/bash
# usage: git archive 4d9537b | tar -x -C /tmp/base33; bash benchmarks/readme_time.sh > benchmarks/readme_time.txt (a warm-up run with --out /tmp/rm_warm first)
# The README command, before (commit 4d9537b) and after (this branch), same warm cache, back to back: wall and CPU time
. /work/main/.venv/bin/activate
export MUSIC_CLUST_CACHE=/tmp/readme33cache MPLBACKEND=Agg
cd /tmp
while pgrep -f "out /tmp/rm_warm" > /dev/null; do sleep 5; done   # the warm-up run (synthetic set and features) first
t() { rm -rf $2; PYTHONPATH=$1 /usr/bin/time -f "$3: wall %e s, user %U s, sys %S s, rc %x" nice -n 10 python -m music_clust run --tier easy --out $2 --quiet 2>&1 | tail -1; }
t /tmp/base33 /tmp/rm_before before
t /work/wt-33 /tmp/rm_after after
