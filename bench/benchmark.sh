#!/usr/bin/env bash
# On-demand benchmark (not part of the test run): logship against smbclient and rclone on one
# throwaway Samba share on loopback, in the same run. Prints medians and ratios.
#   sudo bench/benchmark.sh [runs]      (default 3 runs per measurement; needs ~6 GiB of memory free)
#   SCENARIOS="big small memory latency backlog wan" (the default) picks scenarios;
#   LOGSHIP_OPTS="-Dlogship.nas.parallelFiles=2" adds options to every logship run; BENCH_JAR=x.jar measures that jar;
#   BACKLOG_SIZES="1000 10000" (the default) sets the backlog scenario's sizes.
#   SCENARIOS=cpu JARS="new.jar old.jar" [WARMUP=1] [ROUNDS=2] [JFR=1] bench/benchmark.sh 3: the CPU per small
#   file of logship's JVM (and by thread) and of smbd, for several jars in turn (alternating, ROUNDS times; each
#   a fresh JVM that ships 1000 files WARMUP times first); JFR=1 also records a profile sampled every millisecond
#   and prints its hottest frames; CPU_JAVA picks the java.
# The last run's logship and smbd logs are kept in /tmp/logship-bench-last-log.
# logship runs with its defaults (SMB 3 encryption, JDK crypto) unless LOGSHIP_OPTS says otherwise;
# smbclient is measured plain (its default: no signing, no encryption) and with
# --client-protection=encrypt, like logship's default; rclone with its defaults (no encryption).
# SMB requests are counted by smbd itself (smbd profiling level = count: its requests by SMB2 command),
# logship's CPU from /proc/<pid>/stat.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}
SCENARIOS=${SCENARIOS:-big small memory latency backlog wan}
# the second JDK: the small-file and memory scenarios run logship on both (the big one as the service runs it)
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
LOGSHIP_OPTS=${LOGSHIP_OPTS:-}
[ "$(id -u)" -eq 0 ] || { echo "benchmark: needs root (smbd, smbpasswd)" >&2; exit 2; }
for p in smbd smbclient rclone /usr/bin/time; do
  command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq samba smbclient rclone time >/dev/null; break; }
done
# the jar of the checkout as it is now, or BENCH_JAR (another build's, with this checkout's routes and config);
# JARS names the cpu scenario's
JAR=${BENCH_JAR:-target/logship.jar}
[ -n "${JARS:-}${BENCH_JAR:-}" ] || mvn -B -q -o -DskipTests package 2>/dev/null || mvn -B -q -DskipTests package

W=$(mktemp -d /tmp/logship-bench.XXXXXX)
# Everything (source folder, share, ledger) lives on a fresh ext4 with a journal, as on a server or a
# NAS, in an image in memory (/dev/shm), so the VM's shared disk adds no noise. This VM's root file
# system has no journal, and ext4 without one scans past every recently deleted inode each time it
# allocates one: with thousands of files shipped and deleted, perf showed a quarter of all CPU in the
# small-file scenario there (recently_deleted, under smbd's and Camel's file creates).
# BENCH_FS=tmp runs in /tmp as it is.
IMG=
if [ "${BENCH_FS:-ext4}" = ext4 ]; then
  IMG=$(mktemp /dev/shm/logship-bench-fs.XXXXXX)
  truncate -s 16G "$IMG" && mkfs.ext4 -q -F "$IMG" && mount -o loop,discard "$IMG" "$W" \
    || { echo "benchmark: cannot mount an ext4 image on $W (loop devices?); try BENCH_FS=tmp" >&2; rm -f "$IMG"; rmdir "$W"; exit 2; }
fi
# set +e: a process already gone (a logship that failed to start) must not stop the clean-up before the unmount
cleanup() { set +e; rm -rf /tmp/logship-bench-last-log; cp -r "$W/log" /tmp/logship-bench-last-log 2>/dev/null || true
  [ -n "${SMBD:-}" ] && kill "$SMBD" 2>/dev/null; [ -n "${LS:-}" ] && kill "$LS" 2>/dev/null
  [ -n "${PROXY:-}" ] && kill "$PROXY" 2>/dev/null; sleep 0.5
  rm -rf "${W:?}"/*; if [ -n "$IMG" ]; then umount "$W"; rm -f "$IMG"; fi; rm -rf "$W"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PW=bench-$RANDOM$RANDOM
mkdir -p "$W"/{private,lock,state,cache,pid,ncalrpc,log,share,src,q,ledger,data}
cat > "$W/smb.conf" <<CONF
[global]
  smb ports = $PORT
  interfaces = 127.0.0.1
  bind interfaces only = yes
  disable netbios = yes
  server role = standalone server
  private dir = $W/private
  lock directory = $W/lock
  state directory = $W/state
  cache directory = $W/cache
  pid directory = $W/pid
  ncalrpc dir = $W/ncalrpc
  log file = $W/log/smbd.log
  passdb backend = tdbsam:$W/private/passdb.tdb
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  # counts every SMB2 request by command (smbstatus -P): the bench's requests per file
  smbd profiling level = count
[logs]
  path = $W/share
  read only = no
  valid users = logship
  force user = root
# the same folder, for clients that encrypt only when the server asks (rclone): like for like
[logsenc]
  path = $W/share
  read only = no
  valid users = logship
  force user = root
  smb encrypt = required
CONF
id logship >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin logship
printf '%s\n%s\n' "$PW" "$PW" | smbpasswd -c "$W/smb.conf" -s -a logship >/dev/null
smbd -F -s "$W/smb.conf" & SMBD=$!
sleep 1
export RCLONE_CONFIG="$W/rclone.conf"
rclone config create nas smb host=127.0.0.1 port="$PORT" user=logship pass="$(rclone obscure "$PW")" >/dev/null 2>&1

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }
SMB=(smbclient //127.0.0.1/logs -p "$PORT" -U "logship%$PW")
RESULTS=()

# logship as a service: started once per configuration, timed from "files complete in the folder" to "all gone"
start_logship() { # $1 verify mode, $2 extra JVM options, $3 java (default: the PATH's)
  rm -rf "$W/src"/* "$W/q"/* "$W/ledger"/*
  # shellcheck disable=SC2086
  LOGSHIP_NAS_PASSWORD=$PW ${3:-java} $LOGSHIP_OPTS ${2:-} -Dlogship.source.dir="$W/src" -Dlogship.deadletter.dir="$W/q" \
    -Dlogship.ledger.dir="$W/ledger" -Dlogship.integrity.manifest="$W/seal" -Dlogship.log.dir="$W/log" \
    -Dlogship.nas.host=127.0.0.1 -Dlogship.nas.port="${NAS_PORT:-$PORT}" -Dlogship.nas.share=logs -Dlogship.nas.dir=bench \
    -Dlogship.source.stableSeconds=1 -Dlogship.source.pollMillis=100 -Dlogship.verify="$1" \
    -Dcamel.management.port="$MPORT" -jar "$JAR" > "$W/log/logship-$1.out" 2>&1 &
  LS=$!
  for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$MPORT/observe/health" >/dev/null 2>&1 && return; sleep 0.2; done
}
# the NAS probe may write its file while the folder is removed: try again once
clear_nas_dir() { rm -rf "$W/share/bench" 2>/dev/null || { sleep 0.2; rm -rf "$W/share/bench"; }; }
stop_logship() { kill "$LS"; wait "$LS" 2>/dev/null || true; LS=; }
waiting() { find "$W/src" -maxdepth 1 -type f ! -name '.*' ! -name '*.camelLock' | head -1; }
ship_time() { # moves prepared files from $1 into the source folder, returns seconds until all are shipped
  local t0; t0=$(now)
  find "$1" -maxdepth 1 -type f -exec mv -t "$W/src/" {} +
  while [ -n "$(waiting)" ]; do
    # a logship that ended (a bad option, say) would leave the bench waiting for ever
    [ -z "${LS:-}" ] || kill -0 "$LS" 2>/dev/null || { echo "benchmark: logship ended; see $W/log (kept in /tmp/logship-bench-last-log)" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(now) - $t0" | bc
}
r() { echo "scale=2; $1 / $2" | bc; }
# smbd's SMB2 requests so far, "command count" a line; smbd writes its counters out about once a second
smb2_counts() { sleep 2; smbstatus -s "$W/smb.conf" -P | sed -n 's/^smb2_\([a-z]*\)_count: *\([0-9]*\)$/\1 \2/p' | sort; }
# $1 counts before, $2 after, $3 files: "create 2.00, write 2.00, ..., total 11.04 requests/file"
per_file() { join "$1" "$2" | awk -v n="$3" '{d = $3 - $2; if (d > 0) {t += d; printf "%s %.2f, ", $1, d / n}} END {printf "total %.2f requests/file", t / n}'; }
# CPU milliseconds a process has used
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
# CPU milliseconds of every smbd process of this bench (one per client connection, while it lasts)
smbd_cpu_ms() { local t=0 p; for p in $(pgrep -f "smbd -F -s $W/smb.conf"); do t=$(echo "$t + $(cpu_ms "$p" 2>/dev/null || echo 0)" | bc); done; echo "$t"; }
# CPU milliseconds of a process's threads by name (the kernel's 15 characters, digits dropped): "name ms" a line
thread_cpu_ms() { for t in /proc/"$1"/task/*; do
    awk -v hz="$(getconf CLK_TCK)" '{match($0, /\(.*\)/); n = substr($0, RSTART + 1, RLENGTH - 2); gsub(/[0-9]+/, "", n); gsub(/ /, "_", n)
      $0 = substr($0, RSTART + RLENGTH); print n, ($12 + $13) * 1000 / hz}' "$t/stat" 2>/dev/null; done | awk '{a[$1] += $2} END {for (n in a) print n, a[n]}' | sort; }
# the highest heap occupancy after a collection, in MiB, from a -Xlog:gc file
heap_after_gc() { grep -o -- '->[0-9]*M' "$1" | tr -dc '0-9\n' | sort -n | tail -1; }

echo "benchmark: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $(smbd --version), rclone $(rclone version | head -1 | awk '{print $2}'), $RUNS runs each${LOGSHIP_OPTS:+, logship options: $LOGSHIP_OPTS}; load $(cut -d' ' -f1-3 /proc/loadavg) at the start"

# as the service definitions start it: Temurin 25 with their heap, G1 region size and AOT cache, made by
# 'logship aot-cache' as at install (its training ships to this NAS too); without the cache; and JDK 17
# with the ExecStart line of docs/operations.md
SVC_JAVA=$(sed -n 's|^ExecStart=\([^ ]*\) .*|\1|p' config/systemd/logship.service)
SVC_OPTS=$(sed -n 's|^ExecStart=[^ ]* \(.*\) -jar .*|\1|p' config/systemd/logship.service | sed "s|/opt/logship/logship.aot|$W/logship.aot|")
SVC_OPTS_NOAOT=$(echo "$SVC_OPTS" | tr ' ' '\n' | grep -v -e '^-XX:AOTCache=' -e '^-Xlog:aot' | paste -sd ' ')
SVC17_OPTS=$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar /opt/logship/logship.jar run$|\1|p' docs/operations.md)
make_aot_cache() { # once per bench, for this jar; AOT_SECONDS: how long it took
  [ -e "$W/logship.aot" ] && return
  local t0; t0=$(now)
  # shellcheck disable=SC2086
  LOGSHIP_NAS_PASSWORD=$PW "$SVC_JAVA" $SVC_OPTS_NOAOT -Dlogship.source.dir="$W/src" -Dlogship.deadletter.dir="$W/q" \
    -Dlogship.ledger.dir="$W/ledger" -Dlogship.integrity.manifest="$W/seal" -Dlogship.log.dir="$W/log" \
    -Dlogship.nas.host=127.0.0.1 -Dlogship.nas.port="$PORT" -Dlogship.nas.share=logs -Dlogship.nas.dir=bench \
    -jar "$JAR" aot-cache --cache "$W/logship.aot" > "$W/log/aot-cache.out" 2>&1 || cat "$W/log/aot-cache.out" >&2
  AOT_SECONDS=$(echo "$(now) - $t0" | bc)
}

# 1. one 1 GiB file
if [[ $SCENARIOS == *big* ]]; then
  head -c 1073741824 /dev/urandom > "$W/data/1g.bin"; sync
  smb_time() { for _ in $(seq 1 "$RUNS"); do local t0; t0=$(now); "${SMB[@]}" "$@" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median; }
  # smbclient first: logship's first GiB is then the first of a fresh JVM against a NAS that has run
  # (a restarted logship), not the first write of a fresh smbd into a fresh file system
  PUT=$(smb_time -c "put $W/data/1g.bin x.bin"); GET=$(smb_time -c "get x.bin /dev/null")
  PUTE=$(smb_time --client-protection=encrypt -c "put $W/data/1g.bin x.bin"); GETE=$(smb_time --client-protection=encrypt -c "get x.bin /dev/null")
  PUTS=$(smb_time --client-protection=sign -c "put $W/data/1g.bin x.bin"); GETS=$(smb_time --client-protection=sign -c "get x.bin /dev/null")
  rm -f "$W/share/x.bin"
  big_run() { # $1 verify mode, $2 label, $3 extra JVM options, $4 java
    start_logship "$1" "${3:-}" "${4:-}"
    for _ in $(seq 1 "$RUNS"); do clear_nas_dir; mkdir -p "$W/in"; cp "$W/data/1g.bin" "$W/in/big.log"; sync; touch -d '1 min ago' "$W/in/big.log"; ship_time "$W/in"; done > "$W/runs-$2"
    median < "$W/runs-$2" > "$W/logship-$2"
    stop_logship
  }
  big_run sha256 sha256; big_run size size
  make_aot_cache
  big_run sha256 sha256-service "$SVC_OPTS" "$SVC_JAVA"
  big_run sha256 sha256-service-noaot "$SVC_OPTS_NOAOT" "$SVC_JAVA"
  big_run sha256 sha256-service17 "$SVC17_OPTS" java
  big_run sha256 sha256-signed -Dlogship.nas.encrypt=false; big_run size size-signed -Dlogship.nas.encrypt=false
  for _ in $(seq 1 "$RUNS"); do rm -rf "$W/share/rc"; t0=$(now); rclone copy "$W/data/1g.bin" nas:logs/rc >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/rclone1g"
  rm -f "$W/data/1g.bin"
  LS256=$(cat "$W/logship-sha256"); LSSIZE=$(cat "$W/logship-size"); LS256S=$(cat "$W/logship-sha256-signed"); LSSIZES=$(cat "$W/logship-size-signed")
  RESULTS+=("1 GiB, medians in seconds: logship encrypted sha256 $LS256, size $LSSIZE; logship signed sha256 $LS256S, size $LSSIZES"
    "  logship runs in order, one JVM each (the first after start-up): sha256 $(echo $(cat "$W/runs-sha256")); size $(echo $(cat "$W/runs-size"))"
    "  as the service runs it ($SVC_JAVA $SVC_OPTS; aot-cache took $AOT_SECONDS s): sha256 $(cat "$W/logship-sha256-service"); runs in order $(echo $(cat "$W/runs-sha256-service"))"
    "    the same without the AOT cache: runs in order $(echo $(cat "$W/runs-sha256-service-noaot")); on JDK 17 ($SVC17_OPTS): $(echo $(cat "$W/runs-sha256-service17"))"
    "  smbclient plain put $PUT get $GET; signed put $PUTS get $GETS; encrypted put $PUTE get $GETE; rclone copy $(cat "$W/rclone1g")"
    "  logship sha256 / (put + get) = $(r "$LS256" "$(echo "$PUT + $GET" | bc)") against plain smbclient (target <= 1.6);" 
    "    like for like: encrypted $(r "$LS256" "$(echo "$PUTE + $GETE" | bc)"), signed $(r "$LS256S" "$(echo "$PUTS + $GETS" | bc)")"
    "  logship size / put = $(r "$LSSIZE" "$PUT") against plain smbclient (target <= 1.15); like for like: encrypted $(r "$LSSIZE" "$PUTE"), signed $(r "$LSSIZES" "$PUTS")")
  # the first GiB after a start (a restart meets the largest backlog) apart from the warm ones
  cold_warm() { # $1 runs file: "cold S s, ratio R; warm S s, ratio R" against encrypted smbclient put + get
    local cold warm both; cold=$(head -1 "$1"); warm=$(tail -n +2 "$1" | median); both=$(echo "$PUTE + $GETE" | bc)
    echo "cold (first GiB after start) $cold s, ratio $(r "$cold" "$both"); warm (median of the later runs) ${warm:-n/a} s, ratio $( [ -n "$warm" ] && r "$warm" "$both" || echo n/a)"
  }
  first_warm() { local warm; warm=$(tail -n +2 "$1" | median); [ -n "$warm" ] && r "$(head -1 "$1")" "$warm" || echo n/a; }
  RESULTS+=("  cold and warm, encrypted sha256 against encrypted smbclient put + get:"
    "    java's defaults: $(cold_warm "$W/runs-sha256")"
    "    as the service runs it, Temurin 25 with the AOT cache: $(cold_warm "$W/runs-sha256-service"); first / warm $(first_warm "$W/runs-sha256-service") (target <= 1.2)"
    "    as the service runs it, Temurin 25 without the cache: $(cold_warm "$W/runs-sha256-service-noaot"); first / warm $(first_warm "$W/runs-sha256-service-noaot")"
    "    as the service runs it, JDK 17: $(cold_warm "$W/runs-sha256-service17"); first / warm $(first_warm "$W/runs-sha256-service17")")
fi

# 2. 1000 files of 64 KiB, logship on both JDKs; SMB requests per file and logship's CPU per file
if [[ $SCENARIOS == *small* ]]; then
  mkdir -p "$W/small"; for i in $(seq -w 1 1000); do head -c 65536 /dev/urandom > "$W/small/f$i.log"; done; touch -d '1 min ago' "$W/small"/*
  small_logship() { # $1 label, $2 java, $3 JVM options: median seconds, CPU-ms per file (median), requests per file (last run)
    start_logship sha256 "${3:-}" "$2"
    : > "$W/runs-small-$1"; : > "$W/cpu-small-$1"
    for _ in $(seq 1 "$RUNS"); do
      clear_nas_dir; rm -rf "$W/in"; cp -a "$W/small" "$W/in"
      smb2_counts > "$W/c0"; local c0; c0=$(cpu_ms "$LS")
      ship_time "$W/in" >> "$W/runs-small-$1"
      echo "($(cpu_ms "$LS") - $c0) / 1000" | bc -l >> "$W/cpu-small-$1"; smb2_counts > "$W/c1"
    done
    per_file "$W/c0" "$W/c1" 1000 > "$W/req-small-$1"
    median < "$W/runs-small-$1" > "$W/logship-small-$1"
    stop_logship
  }
  small_logship 17 java; small_logship 25 "$JAVA25"
  # as the service runs it: Temurin 25 with the unit's options and the AOT cache
  make_aot_cache; small_logship service "$SVC_JAVA" "$SVC_OPTS"
  # median seconds of smbclient mput into a fresh folder; $@: smbclient options; requests per file in $W/req-mput
  mput_time() { smb2_counts > "$W/c0"; for _ in $(seq 1 "$RUNS"); do rm -rf "$W/share/m"; local t0; t0=$(now); "${SMB[@]}" "$@" -c "mkdir m; cd m; lcd $W/small; prompt off; mput *" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median
    smb2_counts > "$W/c1"; per_file "$W/c0" "$W/c1" $((RUNS * 1000)) > "$W/req-mput"; }
  # median seconds of rclone copy into a fresh folder of share $1; requests per file in $W/req-rclone
  rclone_time() { smb2_counts > "$W/c0"; for _ in $(seq 1 "$RUNS"); do rm -rf "$W/share/rcs"; local t0; t0=$(now); rclone copy "$W/small" "nas:$1/rcs" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median
    smb2_counts > "$W/c1"; per_file "$W/c0" "$W/c1" $((RUNS * 1000)) > "$W/req-rclone"; }
  MPUT=$(mput_time); RCS=$(rclone_time logs)
  # encrypted, like logship's default
  MPUTE=$(mput_time --client-protection=encrypt); RCSE=$(rclone_time logsenc)
  [ "$(find "$W/share/rcs" -type f | wc -l)" -eq 1000 ] || echo "benchmark: rclone to the encrypted share did not copy all files" >&2
  SMALL=$(cat "$W/logship-small-17")
  RESULTS+=("1000 x 64 KiB, files/s: logship $(r 1000 "$SMALL") (JDK 17), $(r 1000 "$(cat "$W/logship-small-25")") (JDK 25); smbclient mput $(r 1000 "$MPUT"), rclone $(r 1000 "$RCS")")
  RESULTS+=("  as the service runs it (Temurin 25, the unit's options, the AOT cache): $(r 1000 "$(cat "$W/logship-small-service")") files/s")
  for j in 17 25 service; do
    RESULTS+=("  $([ "$j" = service ] && echo "as the service runs it" || echo "JDK $j"): logship runs in order, one JVM (the first after start-up), files/s: $(for t in $(cat "$W/runs-small-$j"); do printf '%s ' "$(r 1000 "$t")"; done)"
      "    CPU-ms per file (logship's JVM, median of the runs) $(median < "$W/cpu-small-$j" | xargs printf '%.2f'); SMB requests per file (last run): $(cat "$W/req-small-$j")")
  done
  RESULTS+=("  encrypted: smbclient mput $(r 1000 "$MPUTE"), rclone $(r 1000 "$RCSE") (share with smb encrypt = required)"
    "    SMB requests per file: smbclient mput $(cat "$W/req-mput"); rclone $(cat "$W/req-rclone")"
    "  logship / rclone = $(r "$RCS" "$SMALL") (target >= 1.5); logship / mput = $(r "$MPUT" "$SMALL") (target >= 0.5)"
    "    like for like, encrypted: logship / rclone = $(r "$RCSE" "$SMALL") (target >= 1.0); logship / mput = $(r "$MPUTE" "$SMALL") (target >= 0.35);"
    "    on JDK 25: $(r "$RCSE" "$(cat "$W/logship-small-25")"), $(r "$MPUTE" "$(cat "$W/logship-small-25")"); as the service runs it: $(r "$RCSE" "$(cat "$W/logship-small-service")"), $(r "$MPUTE" "$(cat "$W/logship-small-service")")")
fi

# 3. 2 GiB under -Xmx64m, on both JDKs: peak RSS of the whole JVM and the largest heap after a collection
if [[ $SCENARIOS == *memory* ]]; then
  make_big() { mkdir -p "$1"; head -c "$2" /dev/urandom > "$1/big.log"; touch -d '1 min ago' "$1/big.log"; }
  for j in 17 25; do
    [ "$j" = 17 ] && JV=java || JV=$JAVA25
    make_big "$W/in2" 2147483648
    t0=$(now)
    # shellcheck disable=SC2086
    LOGSHIP_NAS_PASSWORD=$PW /usr/bin/time -v "$JV" -Xmx64m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file="$W/gc-mem-$j.log" $LOGSHIP_OPTS -Dlogship.source.dir="$W/in2" -Dlogship.deadletter.dir="$W/q" \
      -Dlogship.ledger.dir="$W/ledger" -Dlogship.integrity.manifest="$W/seal" -Dlogship.log.dir="$W/log" \
      -Dlogship.nas.host=127.0.0.1 -Dlogship.nas.port="$PORT" -Dlogship.nas.share=logs -Dlogship.nas.dir=bench2 \
      -Dlogship.source.stableSeconds=1 -Dcamel.management.enabled=false -jar target/logship.jar > "$W/log/big2-$j.out" 2> "$W/time2" &
    J=$!
    while [ -e "$W/in2/big.log" ] && kill -0 "$J" 2>/dev/null; do sleep 0.5; done
    T2=$(echo "$(now) - $t0" | bc)
    # SIGTERM: a background job of a script ignores SIGINT
    kill -TERM "$(pgrep -P $J -f logship.jar || echo $J)" 2>/dev/null || true; wait "$J" 2>/dev/null || true
    RSS=$(awk -F': ' '/Maximum resident/ {print $2}' "$W/time2")
    RESULTS+=("2 GiB under -Xmx64m, JDK $j: $(grep -c 'Shipped' "$W/log/big2-$j.out") file shipped in $T2 s (JVM start included), peak RSS $((RSS / 1024)) MiB, largest heap after a GC $(heap_after_gc "$W/gc-mem-$j.log") MiB")
    rm -rf "$W/share/bench2"
  done
fi

# 4. latency: 100 files of 64 KiB, one every 0.2 s; "complete" = last write + stableSeconds (1 s),
#    "verified" = the ledger line, written after the read-back, the rename and the sidecar
if [[ $SCENARIOS == *latency* ]]; then
  start_logship sha256
  mkdir -p "$W/lat"; : > "$W/lat/written"
  for i in $(seq -w 1 100); do
    head -c 65536 /dev/urandom > "$W/lat/l$i.log"; echo "l$i.log $(stat -c %.9Y "$W/lat/l$i.log")" >> "$W/lat/written"
    mv "$W/lat/l$i.log" "$W/src/"; sleep 0.2
  done
  while [ -n "$(waiting)" ]; do sleep 0.1; done
  stop_logship
  LAT=$(python3 - "$W/lat/written" "$W/ledger" <<'PY'
import sys, json, glob, os, datetime
written = dict(l.split() for l in open(sys.argv[1]))
lat = []
for f in glob.glob(os.path.join(sys.argv[2], '*')):
    for line in open(f):
        e = json.loads(line)
        name = os.path.basename(e['source'])
        if name in written:
            t = datetime.datetime.fromisoformat(e['time'].replace('Z', '+00:00')).timestamp()
            lat.append(t - (float(written[name]) + 1.0))
lat.sort()
p = lambda q: lat[min(len(lat) - 1, int(round(q * (len(lat) - 1))))]
print(f"{len(lat)} files, p50 {p(0.5):.3f} s, p95 {p(0.95):.3f} s, max {lat[-1]:.3f} s")
PY
)
  RESULTS+=("latency, complete -> verified on the NAS (stableSeconds 1, pollMillis 100): $LAT (target p95 <= 2 s)")
fi

# 5. backlog scaling: files/s with 1 000 and 10 000 files waiting, and the live heap (after a full
#    collection, forced with jcmd when half the backlog still waits) beside the largest heap after
#    any collection, which also counts garbage promoted to the old generation and not yet collected
if [[ $SCENARIOS == *backlog* ]]; then
  for n in ${BACKLOG_SIZES:-1000 10000}; do
    rm -rf "$W/bl0"; mkdir -p "$W/bl0"; for i in $(seq -w 1 "$n"); do printf 'line %s\n' "$i" > "$W/bl0/b$i.log"; done; touch -d '1 min ago' "$W/bl0"/*
    : > "$W/bl-times"; : > "$W/bl-heaps"; : > "$W/bl-live"
    for run in $(seq 1 "$RUNS"); do
      rm -rf "$W/bl"; cp -a "$W/bl0" "$W/bl"
      start_logship sha256 "-Xmx256m -Xlog:gc:file=$W/gc-$n-$run.log"
      in_src() { find "$W/src" -maxdepth 1 -name 'b*.log' | wc -l; }
      ( until [ "$(in_src)" -gt $((n / 2)) ]; do sleep 0.02; done
        while [ "$(in_src)" -gt $((n / 2)) ]; do sleep 0.1; done
        jcmd "$LS" GC.run >/dev/null ) &
      ship_time "$W/bl" >> "$W/bl-times"
      wait $!
      stop_logship
      heap_after_gc "$W/gc-$n-$run.log" >> "$W/bl-heaps"
      grep 'Pause Full' "$W/gc-$n-$run.log" | grep -o -- '->[0-9]*M' | tr -dc '0-9\n' | head -1 >> "$W/bl-live"
    done
    RESULTS+=("backlog of $n small files: $(r "$n" "$(median < "$W/bl-times")") files/s; live heap with $((n / 2)) waiting $(median < "$W/bl-live") MiB, largest heap after any GC $(median < "$W/bl-heaps") MiB (medians)")
  done
fi

# 6. a WAN: 200 files of 64 KiB through a proxy on loopback that adds WAN_DELAY_MS (5) each way, a round trip
#    10 ms longer; logship with parallelFiles 2 and 8 (and its default), smbclient mput and rclone through
#    the same proxy, all encrypted; requests per file as smbd counted them
if [[ $SCENARIOS == *wan* ]]; then
  WPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 bench/delay-proxy.py "$WPORT" "$PORT" "${WAN_DELAY_MS:-5}" > "$W/log/proxy.out" 2>&1 & PROXY=$!
  for _ in $(seq 1 50); do grep -q ready "$W/log/proxy.out" && break; sleep 0.1; done
  rclone config create wan smb host=127.0.0.1 port="$WPORT" user=logship pass="$(rclone obscure "$PW")" >/dev/null 2>&1
  mkdir -p "$W/wan"; for i in $(seq -w 1 200); do head -c 65536 /dev/urandom > "$W/wan/w$i.log"; done; touch -d '1 min ago' "$W/wan"/*
  wan_logship() { # $1 label, $2 extra JVM options: median seconds in $W/wan-$1, requests per file in $W/req-wan-$1
    NAS_PORT=$WPORT start_logship sha256 "$2"
    : > "$W/runs-wan-$1"
    for _ in $(seq 1 "$RUNS"); do
      clear_nas_dir; rm -rf "$W/in"; cp -a "$W/wan" "$W/in"; smb2_counts > "$W/c0"
      ship_time "$W/in" >> "$W/runs-wan-$1"; smb2_counts > "$W/c1"
    done
    per_file "$W/c0" "$W/c1" 200 > "$W/req-wan-$1"; median < "$W/runs-wan-$1" > "$W/wan-$1"
    stop_logship
  }
  wan_logship 2 -Dlogship.nas.parallelFiles=2; wan_logship 8 -Dlogship.nas.parallelFiles=8; wan_logship default ""
  WSMB=(smbclient //127.0.0.1/logs -p "$WPORT" -U "logship%$PW" --client-protection=encrypt)
  for _ in $(seq 1 "$RUNS"); do rm -rf "$W/share/m"; t0=$(now); "${WSMB[@]}" -c "mkdir m; cd m; lcd $W/wan; prompt off; mput *" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/wan-mput"
  for _ in $(seq 1 "$RUNS"); do rm -rf "$W/share/rcw"; t0=$(now); rclone copy "$W/wan" wan:logsenc/rcw >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/wan-rclone"
  [ "$(find "$W/share/rcw" -type f | wc -l)" -eq 200 ] || echo "benchmark: rclone through the proxy did not copy all files" >&2
  kill "$PROXY"; PROXY=
  RESULTS+=("WAN (${WAN_DELAY_MS:-5} ms each way through a proxy), 200 x 64 KiB, encrypted, median seconds: logship parallelFiles 2 $(cat "$W/wan-2"), 8 $(cat "$W/wan-8"), default ($(sed -n 's/^logship.nas.parallelFiles *= *//p' config/application.properties)) $(cat "$W/wan-default"); smbclient mput $(cat "$W/wan-mput"), rclone $(cat "$W/wan-rclone")"
    "  logship runs in order: parallelFiles 2: $(echo $(cat "$W/runs-wan-2")); 8: $(echo $(cat "$W/runs-wan-8")); default: $(echo $(cat "$W/runs-wan-default"))"
    "  SMB requests per file, logship parallelFiles 2: $(cat "$W/req-wan-2")"
    "  logship (default) / mput = $(r "$(cat "$W/wan-mput")" "$(cat "$W/wan-default")"), / rclone = $(r "$(cat "$W/wan-rclone")" "$(cat "$W/wan-default")") (speed ratios)")
fi

# 7. CPU per small file: JARS (default: this checkout's jar) in turn, ROUNDS times (default 2), each a fresh
#    JVM that ships 1000 x 64 KiB WARMUP times (default 1) to warm up, then RUNS times measured: CPU-ms per file of logship's
#    JVM, files/s, SMB requests per file; with JFR=1 a profile of the measured runs (1 ms sampling), its
#    hottest frames by self and inclusive samples in $W/log (kept in /tmp/logship-bench-last-log)
if [[ $SCENARIOS == *cpu* ]]; then
  mkdir -p "$W/small"; for i in $(seq -w 1 1000); do head -c 65536 /dev/urandom > "$W/small/f$i.log"; done; touch -d '1 min ago' "$W/small"/*
  python3 -c 'import re,sys; print(re.sub(r"(<event name=\"jdk.ExecutionSample\">.*?<setting name=\"period\"[^>]*>)[^<]*", r"\g<1>1 ms", open(sys.argv[1]).read(), flags=re.S))' \
    "$(dirname "$(readlink -f "$(command -v java)")")/../lib/jfr/profile.jfc" > "$W/sample-1ms.jfc"
  for round in $(seq 1 "${ROUNDS:-2}"); do
    for JAR in ${JARS:-target/logship.jar}; do
      label=$(basename "$JAR" .jar)-$round
      # without DebugNonSafepoints a sample is put at the nearest safepoint of inlined code: wrong self frames
      start_logship sha256 "${JFR:+-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints}" "${CPU_JAVA:-java}"
      for _ in $(seq 1 "${WARMUP:-1}"); do clear_nas_dir; rm -rf "$W/in"; cp -a "$W/small" "$W/in"; ship_time "$W/in" > /dev/null; done
      [ -z "${JFR:-}" ] || jcmd "$LS" JFR.start settings="$W/sample-1ms.jfc" filename="$W/log/$label.jfr" > /dev/null
      : > "$W/cpu-$label"; : > "$W/runs-$label"
      smb2_counts > "$W/c0"; thread_cpu_ms "$LS" > "$W/t0"; s0=$(smbd_cpu_ms)
      for _ in $(seq 1 "$RUNS"); do
        clear_nas_dir; rm -rf "$W/in"; cp -a "$W/small" "$W/in"
        c0=$(cpu_ms "$LS"); ship_time "$W/in" >> "$W/runs-$label"; echo "($(cpu_ms "$LS") - $c0) / 1000" | bc -l >> "$W/cpu-$label"
      done
      s1=$(smbd_cpu_ms); smb2_counts > "$W/c1"; thread_cpu_ms "$LS" > "$W/t1"
      [ -z "${JFR:-}" ] || jcmd "$LS" JFR.stop > /dev/null
      stop_logship
      RESULTS+=("cpu $label ($(cut -d' ' -f1 /proc/loadavg) load): CPU-ms per file $(for c in $(cat "$W/cpu-$label"); do printf '%.2f ' "$c"; done)(median $(median < "$W/cpu-$label" | xargs printf '%.2f')); files/s $(for t in $(cat "$W/runs-$label"); do printf '%s ' "$(r 1000 "$t")"; done); $(per_file "$W/c0" "$W/c1" $((RUNS * 1000)))"
        "  smbd's CPU-ms per file $(echo "($s1 - $s0) / ($RUNS * 1000)" | bc -l | xargs printf '%.2f'); logship's by thread: $(join -a 2 -e 0 -o 0,1.2,2.2 "$W/t0" "$W/t1" | awk -v n=$((RUNS * 1000)) '{d = ($3 - $2) / n; if (d >= 0.01) printf "%s %.2f, ", $1, d}')")
      echo "${RESULTS[-2]}"; echo "${RESULTS[-1]}"
      if [ -n "${JFR:-}" ]; then
        jfr print --stack-depth 200 --events jdk.ExecutionSample "$W/log/$label.jfr" | python3 bench/jfr-top.py > "$W/log/$label.top"
        RESULTS+=("  profile: $W/log/$label.top (kept in /tmp/logship-bench-last-log)")
      fi
    done
  done
fi

echo
for line in "${RESULTS[@]}"; do echo "$line"; done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
