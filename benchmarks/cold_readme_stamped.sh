#!/bin/bash
# usage: bash benchmarks/cold_readme_stamped.sh NAME [COMMIT]   (on a quiet machine: it is a timing; runs P1 and P2 of cold_profile.txt)
# The README run as cold_readme.sh runs it (fresh clone at COMMIT, fresh venv, empty MUSIC_CLUST_CACHE), each line of its output
# time-stamped (seconds since the start); the log is /tmp/NAME/run.log.
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
d=/tmp/$1; rm -rf $d && mkdir -p $d && cd $d && git clone -q $repo repo && cd repo && { [ -n "$2" ] && git checkout -q $2; true; }
python3 -m venv .venv && . .venv/bin/activate && export MUSIC_CLUST_CACHE=$d/cache
pip install -q -e ".[tf]" > $d/install.log 2>&1; uptime
# every process's CPU on the machine while the run ran (the seed workers' server is not a child the run waits for)
cpu0=$(awk '/^cpu /{print $2+$3+$4}' /proc/stat); start=$(date +%s.%N)
/usr/bin/time -f "run: wall %e s, user %U s, sys %S s" music-clust run --tier easy --out results 2>&1 | stdbuf -o0 tr '\r' '\n' | \
  python3 -u -c "
import sys,time; t0=float('$start')
for l in sys.stdin: print(f'{time.time()-t0:7.1f} {l.rstrip()[:160]}')" > $d/run.log
echo "machine CPU during the run: $(( ($(awk '/^cpu /{print $2+$3+$4}' /proc/stat) - cpu0) / $(getconf CLK_TCK) )) s" >> $d/run.log
uptime; grep -E "done in|run: wall|machine CPU" $d/run.log
