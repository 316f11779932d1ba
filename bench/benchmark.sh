#!/usr/bin/env bash
# On-demand benchmark (not part of the test run): logship against smbclient and rclone on one
# throwaway Samba share on loopback, in the same run. Prints medians and ratios.
#   sudo bench/benchmark.sh [runs]      (default 3 runs per measurement; needs ~6 GiB in /tmp)
# Scenarios: 1 GiB with verify=sha256 and verify=size; 1000 files of 64 KiB; 2 GiB under -Xmx64m.
# logship runs with its defaults (SMB 3 encryption and signing, JDK crypto); smbclient and rclone with
# theirs (no encryption). Not yet measured: latency p50/p95 and backlog scaling (issue 5).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}
[ "$(id -u)" -eq 0 ] || { echo "benchmark: needs root (smbd, smbpasswd)" >&2; exit 2; }
for p in smbd smbclient rclone /usr/bin/time; do
  command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq samba smbclient rclone time >/dev/null; break; }
done
[ -f target/logship.jar ] || mvn -B -q -DskipTests package

W=$(mktemp -d /tmp/logship-bench.XXXXXX)
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
[logs]
  path = $W/share
  read only = no
  valid users = logship
  force user = root
CONF
id logship >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin logship
printf '%s\n%s\n' "$PW" "$PW" | smbpasswd -c "$W/smb.conf" -s -a logship >/dev/null
smbd -F -s "$W/smb.conf" & SMBD=$!
cleanup() { kill "$SMBD" 2>/dev/null || true; [ -n "${LS:-}" ] && kill "$LS" 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
sleep 1
export RCLONE_CONFIG="$W/rclone.conf"
rclone config create nas smb host=127.0.0.1 port="$PORT" user=logship pass="$(rclone obscure "$PW")" >/dev/null 2>&1

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }
SMB=(smbclient //127.0.0.1/logs -p "$PORT" -U "logship%$PW")

# logship as a service: started once per configuration, timed from "files complete in the folder" to "all gone"
start_logship() { # $1 verify mode, $2 extra JVM options
  rm -rf "$W/src"/* "$W/q"/*
  LOGSHIP_NAS_PASSWORD=$PW java ${2:-} -Dlogship.source.dir="$W/src" -Dlogship.deadletter.dir="$W/q" \
    -Dlogship.ledger.dir="$W/ledger" -Dlogship.integrity.manifest="$W/seal" -Dlogship.log.dir="$W/log" \
    -Dlogship.nas.host=127.0.0.1 -Dlogship.nas.port="$PORT" -Dlogship.nas.share=logs -Dlogship.nas.dir=bench \
    -Dlogship.source.stableSeconds=1 -Dlogship.source.pollMillis=100 -Dlogship.verify="$1" \
    -Dcamel.management.port="$MPORT" -jar target/logship.jar > "$W/log/logship-$1.out" 2>&1 &
  LS=$!
  for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$MPORT/observe/health" >/dev/null 2>&1 && return; sleep 0.2; done
}
stop_logship() { kill "$LS"; wait "$LS" 2>/dev/null || true; LS=; }
ship_time() { # moves prepared files from $1 into the source folder, returns seconds until all are shipped
  local t0; t0=$(now)
  mv "$1"/* "$W/src/"
  while [ -n "$(ls -A "$W/src" | grep -v '^\.')" ]; do sleep 0.05; done
  echo "$(now) - $t0" | bc
}
make_big() { mkdir -p "$1"; head -c "$2" /dev/urandom > "$1/big.log"; touch -d '1 min ago' "$1/big.log"; }

echo "benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), $(smbd --version), rclone $(rclone version | head -1 | awk '{print $2}'), $RUNS runs each"
head -c 1073741824 /dev/urandom > "$W/data/1g.bin"

# 1. one 1 GiB file
for mode in sha256 size; do
  start_logship "$mode"
  for i in $(seq 1 "$RUNS"); do rm -rf "$W/share/bench"; mkdir -p "$W/in"; cp "$W/data/1g.bin" "$W/in/big.log"; touch -d '1 min ago' "$W/in/big.log"; ship_time "$W/in"; done | median > "$W/logship-$mode"
  stop_logship
done
for i in $(seq 1 "$RUNS"); do t0=$(now); "${SMB[@]}" -c "put $W/data/1g.bin x.bin" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/put"
for i in $(seq 1 "$RUNS"); do t0=$(now); "${SMB[@]}" -c "get x.bin /dev/null" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/get"
for i in $(seq 1 "$RUNS"); do rm -rf "$W/share/rc"; t0=$(now); rclone copy "$W/data/1g.bin" nas:logs/rc >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/rclone1g"
rm -f "$W/data/1g.bin"

# 2. 1000 files of 64 KiB
mkdir -p "$W/small"; for i in $(seq -w 1 1000); do head -c 65536 /dev/urandom > "$W/small/f$i.log"; done; touch -d '1 min ago' "$W/small"/*
start_logship sha256
for i in $(seq 1 "$RUNS"); do rm -rf "$W/share/bench" "$W/in"; cp -a "$W/small" "$W/in"; ship_time "$W/in"; done | median > "$W/logship-small"
stop_logship
for i in $(seq 1 "$RUNS"); do "${SMB[@]}" -c "deltree m" >/dev/null 2>&1 || true; t0=$(now); "${SMB[@]}" -c "mkdir m; cd m; lcd $W/small; prompt off; mput *" >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/mput"
for i in $(seq 1 "$RUNS"); do rm -rf "$W/share/rcs"; t0=$(now); rclone copy "$W/small" nas:logs/rcs >/dev/null 2>&1; echo "$(now) - $t0" | bc; done | median > "$W/rclone-small"

# 3. 2 GiB under -Xmx64m: peak RSS of the whole JVM
make_big "$W/in2" 2147483648
rm -rf "$W/src"/*
LOGSHIP_NAS_PASSWORD=$PW /usr/bin/time -v java -Xmx64m -Dlogship.source.dir="$W/in2" -Dlogship.deadletter.dir="$W/q" \
  -Dlogship.ledger.dir="$W/ledger" -Dlogship.integrity.manifest="$W/seal" -Dlogship.log.dir="$W/log" \
  -Dlogship.nas.host=127.0.0.1 -Dlogship.nas.port="$PORT" -Dlogship.nas.share=logs -Dlogship.nas.dir=bench2 \
  -Dlogship.source.stableSeconds=1 -Dcamel.management.enabled=false -jar target/logship.jar > "$W/log/big2.out" 2> "$W/time2" &
J=$!
while [ -e "$W/in2/big.log" ]; do sleep 0.5; done
# SIGTERM: a background job of a script ignores SIGINT
kill -TERM "$(pgrep -P $J java || echo $J)" 2>/dev/null || true; wait "$J" 2>/dev/null || true
RSS=$(awk -F': ' '/Maximum resident/ {print $2}' "$W/time2")

r() { echo "scale=2; $1 / $2" | bc; }
LS256=$(cat "$W/logship-sha256"); LSSIZE=$(cat "$W/logship-size"); PUT=$(cat "$W/put"); GET=$(cat "$W/get"); RC1=$(cat "$W/rclone1g")
SMALL=$(cat "$W/logship-small"); MPUT=$(cat "$W/mput"); RCS=$(cat "$W/rclone-small")
echo
echo "1 GiB, medians in seconds: logship sha256 $LS256, logship size $LSSIZE, smbclient put $PUT, get $GET, rclone copy $RC1"
echo "  logship sha256 / (put + get) = $(r "$LS256" "$(echo "$PUT + $GET" | bc)")   (target <= 1.6)"
echo "  logship size / put           = $(r "$LSSIZE" "$PUT")   (target <= 1.15)"
echo "1000 x 64 KiB, files/s: logship $(r 1000 "$SMALL"), smbclient mput $(r 1000 "$MPUT"), rclone $(r 1000 "$RCS")"
echo "  logship / rclone = $(r "$RCS" "$SMALL")   (target >= 1.5); logship / mput = $(r "$MPUT" "$SMALL")   (target >= 0.5)"
echo "2 GiB under -Xmx64m: $(grep -c 'Shipped' "$W/log/big2.out") file shipped, peak RSS ${RSS} KiB"
