#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this): installs what the tests need when it is missing
# (as root, Debian's packages), then every test on JDK 17 (`mvn -B verify`: unit tests, the jar and the release
# zip, the integration tests against a real throwaway smbd, Prometheus, check_http and a Samba AD domain
# controller), then, on Temurin 25, the same jar and classes: every unit test and the integration tests that
# start the jar as operators do and the Kerberos login (the service definitions run Java 25).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ "$(id -u)" -ne 0 ]; then
  echo "logship tests need root: they start their own smbd and a Samba domain controller; run 'sudo $0'" >&2
  exit 2
fi

# Samba (smbd, smbpasswd, smbclient) for the SMB integration tests; Prometheus, promtool and Nagios'
# check_http for the monitoring tests; systemd-analyze for the unit file; samba-ad-dc, krb5-user and
# winbind for the Kerberos tests' domain controller (KerberosIT, SambaDomain; util-linux's unshare gives
# it a /run/samba of its own)
# (`--install`, as CI gives it: install from a fresh package index even when nothing is missing)
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
missing=0
for tool in smbd smbclient prometheus promtool systemd-analyze samba samba-tool kinit winbindd unshare; do
  have "$tool" || missing=1
done
[ -x /usr/lib/nagios/plugins/check_http ] || missing=1
if [ "$missing" -eq 1 ] || [ "${1:-}" = --install ]; then
  echo "Installing the packages the tests need..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq samba smbclient prometheus monitoring-plugins-basic systemd \
      samba-ad-dc krb5-user winbind util-linux >/dev/null
fi

# Two JDKs: OpenJDK 17 (the PATH's java) and Temurin 25, which the service definitions run (on every machine
# of this project, not in Debian: see docs/operations.md, Java)
JDK25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JDK25/bin/java" ]; then
  echo "logship tests need Temurin 25 at $JDK25 (or JDK25_HOME=<its folder>): the service definitions run it" >&2
  exit 2
fi

# On JDK 17: unit tests, then the jar and the release zip, then every integration test (AotCacheIT runs
# Temurin 25's java itself)
java -version 2>&1 | head -1
mvn -B verify

# figures the tests print (their output goes to report files)
grep -h -o -E '(chaos|monitoring|backlog scan|graceful stop|domain controller): [^<]*' \
    target/failsafe-reports/*-output.txt target/surefire-reports/*.xml 2>/dev/null || true

# On Temurin 25, the same jar and classes (built above for release 17 and not rebuilt: the plugins' goals run
# on what the first run compiled): every unit test, the integration tests that start the jar as operators do
# (the jar, the release, the password in its output, bad input) and the Kerberos login, which is the JDK's own
# code; the whole suite twice would not fit CI's 15 minutes. JAVA_HOME makes Maven, and so surefire's and
# failsafe's test JVMs and the java the tests start (their java.home), Temurin 25.
JDK25_ITS=JarIT,ReleaseIT,SecretsIT,BadInputIT,KerberosIT
rm -rf target/surefire-reports target/failsafe-reports
JAVA_HOME=$JDK25 mvn -B surefire:test failsafe:integration-test failsafe:verify -Dit.test="$JDK25_ITS"
# and that it really was Java 25: every test JVM of that run says so in its report
reports=(target/surefire-reports/TEST-*.xml target/failsafe-reports/TEST-*.xml)
its=$(ls target/failsafe-reports/TEST-*.xml | wc -l)
[ "$its" -eq "$(echo "$JDK25_ITS" | tr ',' '\n' | wc -l)" ] || { echo "logship tests: expected the reports of $JDK25_ITS, found $its" >&2; exit 1; }
for r in "${reports[@]}"; do
  grep -q '<property name="java.specification.version" value="25"/>' "$r" || { echo "logship tests: $r did not run on Java 25" >&2; exit 1; }
done
echo "logship tests: ${#reports[@]} test classes ran again on Java 25 ($("$JDK25/bin/java" -version 2>&1 | head -1))"
