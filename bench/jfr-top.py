#!/usr/bin/env python3
"""Hottest frames of a JFR recording's execution samples, read from `jfr print --events jdk.ExecutionSample`
on stdin: by self samples (the top frame), by inclusive samples (a method anywhere on the stack, once per
sample) and by thread (its name without the number). bench/benchmark.sh's cpu scenario uses it."""
import collections
import re
import sys

TOP = int(sys.argv[1]) if len(sys.argv) > 1 else 40
self_ = collections.Counter()
incl = collections.Counter()
threads = collections.Counter()
samples = 0
frames = None
thread = ''
for line in sys.stdin:
    s = line.strip()
    if s.startswith('sampledThread'):
        thread = re.sub(r'\d+', 'N', s.split('"')[1]) if '"' in s else s
    elif s.startswith('stackTrace = ['):
        frames = []
    elif frames is not None and s == ']':
        if frames:
            samples += 1
            self_[frames[0]] += 1
            for f in set(frames):
                incl[f] += 1
            threads[thread] += 1
        frames = None
    elif frames is not None and s and s != '...':
        frames.append(re.sub(r'\s+line:.*$', '', s))
print(f'{samples} samples')
for title, counter in (('threads', threads), ('self', self_), ('inclusive', incl)):
    print(f'\n== {title}')
    for name, n in counter.most_common(TOP):
        print(f'{100.0 * n / max(samples, 1):6.1f} %  {name}')
