#!/usr/bin/env bash
# Builds logship and runs it against a throwaway Samba share with sample transaction logs.
# Ctrl-C stops it and removes everything it created.
set -euo pipefail

# config/ and routes/ are read from the working directory
cd "$(dirname "${BASH_SOURCE[0]}")"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "logship demo needs $tool: install a JDK 17+ and Maven (e.g. 'apt-get install -y openjdk-17-jdk-headless maven')" >&2
    exit 2
  fi
done

# smbd lives in /usr/sbin, which is not on every user's PATH
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

if ! have smbd || ! have smbclient; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Samba (samba, smbclient) for the demo's throwaway share..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq samba smbclient >/dev/null
  else
    echo "logship demo needs Samba: run 'sudo apt-get install -y samba smbclient' (or run this script as root)" >&2
    exit 2
  fi
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "logship demo needs root: the Samba sandbox starts its own smbd and adds a Samba user; run 'sudo $0'" >&2
  exit 2
fi

# the build's output only when it fails: Maven 3.8 prints colour codes even with -B -q, which land
# before the demo's banner
build_log=$(mktemp)
if ! mvn -B -q -DskipTests package >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  exit 1
fi
rm -f "$build_log"
exec java -jar target/logship.jar demo
