#!/usr/bin/env bash
# The installed service under a real systemd: `make install` into a staging directory, then a systemd
# booted in systemd-nspawn (the host's /usr read-only, a throw-away root, no network but loopback) runs
# the unit as users do. It checks:
#   - sysusers.d creates the user, tmpfiles.d the shared directories (2750 log, 2770 spool);
#   - `systemctl start` returns on READY=1, STATUS= shows feeds and rules, the service runs as newswatch
#     with no capabilities, no new privileges and a seccomp filter;
#   - an entry served on 127.0.0.1 inside the container raises one alert: a log line (0640) and a spool
#     file (0640, group newswatch);
#   - `systemctl reload` with a broken rule keeps the service running on the old rules and logs the
#     file and line; fixed, the new rule set is in force;
#   - logrotate's snippet rotates the alert log, and the next alert lands in the new file;
#   - a user in the group newswatch can tail the alert log, read `status`, and take spool files;
#   - `systemd-analyze verify` says nothing, and `systemd-analyze security` rates the unit below 2.0;
#   - `systemctl stop` exits 0; an invalid config makes the start fail with 78, and no restart loop.
# Needs root and systemd-nspawn (apt-get install systemd-container, pinned to the installed systemd).
# Run: make test-systemd (or Tests/systemd/boot-test.sh). Prints "systemd boot test: passed" at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ "$(id -u)" -eq 0 ] || { echo "boot-test: needs root (systemd-nspawn)" >&2; exit 2; }
command -v systemd-nspawn >/dev/null || {
    echo "boot-test: needs systemd-nspawn: apt-get install systemd-container=$(dpkg-query -W -f='${Version}' systemd)" >&2
    exit 2
}

work="$(mktemp -d /tmp/newswatch-boot.XXXXXX)"
name="nwboot$$"
stage="$work/stage"
nspawn_pid=""
init_pid=""
failures=0
# Our own cgroup for the container: one per hierarchy on a hybrid layout (as on Debian 12 hosts that
# boot with it), one on a unified (cgroup v2) host.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    cgroups=("/sys/fs/cgroup/$name")
else
    cgroups=("/sys/fs/cgroup/systemd/$name" "/sys/fs/cgroup/unified/$name")
fi

cleanup() {
    if [ -n "$init_pid" ] && kill -0 "$init_pid" 2>/dev/null; then
        nsenter -t "$init_pid" -a -- systemctl poweroff >/dev/null 2>&1 || true
    fi
    if [ -n "$nspawn_pid" ]; then
        # A clean poweroff takes a fraction of a second; then SIGTERM (nspawn halts the container),
        # and only then SIGKILL, to the container's init too.
        for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
        kill "$nspawn_pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
        [ -n "$init_pid" ] && { kill -9 "$init_pid" 2>/dev/null || true; }
        kill -9 "$nspawn_pid" 2>/dev/null || true
        wait "$nspawn_pid" 2>/dev/null || true
    fi
    # Our cgroups, and those the container's systemd made below them, once their last process is gone.
    for _ in $(seq 1 50); do
        local left=0
        for dir in "${cgroups[@]}"; do
            [ -d "$dir" ] || continue
            find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
            [ -d "$dir" ] && left=1
        done
        [ "$left" = 0 ] && break
        sleep 0.2
    done
    rm -rf /run/systemd/nspawn/*"$name"* 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

check() {  # check DESCRIPTION COMMAND...: one line per check, the run fails at the end if any did
    local what="$1"; shift
    if "$@"; then
        echo "ok   $what"
    else
        echo "FAIL $what"
        failures=$((failures + 1))
    fi
}

in_container() { nsenter -t "$init_pid" -a -- "$@"; }
root() { echo "/proc/$init_pid/root$1"; }
journal() { journalctl --root="/proc/$init_pid/root" -u newswatch.service --no-pager -o cat 2>/dev/null || true; }
wait_for() {  # wait_for SECONDS COMMAND...: a wait, not a timing check; the limit only ends a broken run
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

echo "== make install DESTDIR=$stage"
make install DESTDIR="$stage" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }

# The test's own feed and rules, on the installed layout (paths under /var, config in /etc/newswatch).
conf="$stage/etc/newswatch"
sed -i 's|^feeds:.*|feeds:\n  - id: wire\n    url: http://127.0.0.1:8080/wire.xml\n    tags: [korea]|; /^  # Korea/,$d' "$conf/newswatch.yml"
sed -i 's|^backfill: .*|backfill: 3650d|' "$conf/newswatch.yml"
# README "Outputs" under the hardened unit: an email output (a mail server in the container) and an
# exec output (a shell that appends the record to a file in the logs directory).
python3 - "$conf/newswatch.yml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
lines = text.split("\n")
at = next(i for i, line in enumerate(lines) if line.startswith("  spool:"))
lines[at + 1:at + 1] = [
    "  outputs:",
    "    - name: mail",
    "      type: email",
    "      url: smtp://127.0.0.1:2525",
    "      from: newswatch@example.org",
    "      to: [desk@example.org]",
    "    - name: ticket",
    "      type: exec",
    "      command: [/bin/sh, -c, 'cat >> /var/log/newswatch/tickets.jsonl']",
]
open(path, "w").write("\n".join(lines))
PY
mkdir -p "$work/mail"
cat >"$conf/rules.d/boot-test.yml" <<'YML'
rules:
  - id: boot-lethal-aid
    severity: high
    match: '"lethal aid" AND Seoul'
YML
mkdir -p "$work/www"
item() {  # item GUID TITLE
    printf '<item><guid>%s</guid><title>%s</title><link>https://example.org/%s</link><pubDate>Fri, 27 Nov 2026 08:00:00 GMT</pubDate></item>' "$1" "$2" "$1"
}
feed() { printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://example.org/</link>%s</channel></rss>\n' "$*"; }
feed "$(item a1 'Seoul weighs lethal aid')" >"$work/www/wire.xml"
"$stage/usr/local/bin/newswatch" check --config "$conf/newswatch.yml" >/dev/null

# /etc starts empty (--volatile=yes): systemd-sysusers creates the users at boot, newswatch among them
# from the installed sysusers.d entry.
tr -d '-' </proc/sys/kernel/random/uuid >"$work/machine-id"

echo "== boot systemd in systemd-nspawn ($name)"
# --rlimit=RLIMIT_NICE=40: what a host's PID 1 may grant, so that the unit's LimitNICE= can take effect
# (it cannot where the host lacks CAP_SYS_RESOURCE; see the thread-priority check below).
for dir in "${cgroups[@]}"; do mkdir -p "$dir"; done
(
    for dir in "${cgroups[@]}"; do echo "$BASHPID" >"$dir/cgroup.procs"; done
    exec systemd-nspawn --machine="$name" --register=no --keep-unit --console=passive --private-network \
        --system-call-filter=bpf --directory=/ --volatile=yes --rlimit=RLIMIT_NICE=40 \
        --bind-ro=/etc/nsswitch.conf --bind-ro="$work/machine-id:/etc/machine-id" \
        --bind-ro="$stage/usr/local:/usr/local" --bind="$conf:/etc/newswatch" --bind-ro="$work/www:/srv/www" \
        --bind-ro="$PWD/Tests/Helpers:/srv/helpers" --bind="$work/mail:/srv/mail" \
        --bind-ro="$stage/etc/logrotate.d:/etc/logrotate.d" \
        --boot -- systemd.firstboot=no systemd.mask=systemd-machine-id-commit.service
) >"$work/nspawn.log" 2>&1 &
nspawn_pid=$!

find_init() {  # the container's systemd: nspawn's child that runs systemd (not a short-lived helper)
    local pid
    for pid in $(cat /proc/"$nspawn_pid"/task/*/children 2>/dev/null); do
        if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = systemd ]; then
            init_pid="$pid"
            return 0
        fi
    done
    return 1
}
wait_for 30 find_init || { echo "no init process"; cat "$work/nspawn.log"; exit 1; }
booted() {
    local state
    state="$(in_container systemctl is-system-running 2>/dev/null || true)"
    [ "$state" = running ] || [ "$state" = degraded ]
}
wait_for 60 booted || { echo "the container did not boot"; cat "$work/nspawn.log"; exit 1; }
echo "booted: $(in_container systemctl is-system-running 2>/dev/null || true)"

in_container systemd-run --quiet --unit=feed-server /usr/bin/python3 -m http.server 8080 --bind 127.0.0.1 --directory /srv/www
in_container systemd-run --quiet --unit=mail-server /usr/bin/python3 /srv/helpers/smtp_server.py --port 2525 --dir /srv/mail
wait_for 20 in_container /usr/bin/python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:8080/wire.xml")' 2>/dev/null

echo "== install-time files"
check "sysusers.d created the user newswatch" in_container id -u newswatch >/dev/null
mode() { in_container stat -c '%a %U %G' "$1"; }
check "log directory 2750 newswatch" test "$(mode /var/log/newswatch)" = "2750 newswatch newswatch"
check "spool new/ 2770 newswatch" test "$(mode /var/spool/newswatch/new)" = "2770 newswatch newswatch"

echo "== start"
check "systemctl start returns (READY=1)" in_container systemctl start newswatch.service
status_text() { in_container systemctl show -p StatusText --value newswatch.service; }
status_has() { [[ "$(status_text)" == *"$1"* ]]; }
check "STATUS= names feeds and rules" wait_for 10 status_has '1 feed, 8 rules'
echo "     status: $(status_text)"
main_pid="$(in_container systemctl show -p MainPID --value newswatch.service)"
proc_status() { in_container cat "/proc/$main_pid/status" 2>/dev/null | awk -v key="$1:" '$1 == key { print $2 }'; }
check "runs as newswatch" test "$(in_container stat -c %U "/proc/$main_pid")" = newswatch
check "NoNewPrivs 1" test "$(proc_status NoNewPrivs)" = 1
check "seccomp filter (Seccomp 2)" test "$(proc_status Seccomp)" = 2
check "no effective capabilities" test "$(proc_status CapEff)" = 0000000000000000

log="$(root /var/log/newswatch/alerts.log)"
alert_count() { grep -c "$1" "$log" 2>/dev/null || true; }
one_alert() { [ "$(alert_count boot-lethal-aid)" = 1 ]; }
check "the entry raised one alert in the log" wait_for 30 one_alert
spool_files() { find "$(root /var/spool/newswatch/new)" -type f 2>/dev/null; }
check "and one spool file" test "$(spool_files | wc -l)" = 1
check "spool file 0640, group newswatch" test "$(in_container find /var/spool/newswatch/new -type f -printf '%m %g\n')" = "640 newswatch"
check "alert log 0640, group newswatch" test "$(mode /var/log/newswatch/alerts.log)" = "640 newswatch newswatch"
mail_count() { find "$work/mail" -name '*.eml' | wc -l; }
one_mail() { [ "$(mail_count)" = 1 ] && grep -q '^Subject: \[HIGH\] boot-lethal-aid' "$work/mail"/*.eml; }
check "the email output sent one message (SMTP under the unit's seccomp filter)" wait_for 30 one_mail
one_ticket() { [ "$(grep -c boot-lethal-aid "$(root /var/log/newswatch/tickets.jsonl)" 2>/dev/null)" = 1 ]; }
check "the exec output ran its command once (NoNewPrivileges, ProtectSystem=strict)" wait_for 30 one_ticket

echo "== an analyst in the group newswatch"
# README "As a systemd service": the alert log and the spool are shared with the group; status reads the state database.
in_container useradd --no-create-home --groups newswatch analyst
as_analyst() { in_container setpriv --reuid=analyst --regid=users --init-groups -- "$@"; }  # (runuser needs PAM)
tail_as_analyst() { as_analyst /usr/local/bin/newswatch tail -n 5 --config /etc/newswatch/newswatch.yml | grep -q boot-lethal-aid; }
check "newswatch tail shows the alert" tail_as_analyst
status_as_analyst() { as_analyst /usr/local/bin/newswatch status --json --config /etc/newswatch/newswatch.yml | grep -q '"id":"wire"'; }
check "newswatch status reads the state database while the service runs" status_as_analyst
take_as_analyst() {
    local file
    file="$(in_container find /var/spool/newswatch/new -type f | head -1)"
    [ -n "$file" ] && as_analyst mv "$file" /var/spool/newswatch/cur/ && as_analyst cat "/var/spool/newswatch/cur/$(basename "$file")" >/dev/null
}
check "and takes the spool file into cur/" take_as_analyst

echo "== security"
verify_quiet() { [ -z "$(in_container systemd-analyze verify newswatch.service 2>&1)" ]; }
check "systemd-analyze verify has nothing to say about the unit" verify_quiet
exposure="$(in_container systemd-analyze security newswatch.service 2>/dev/null | sed -n 's/.*Overall exposure level for newswatch.service: \([0-9.]*\).*/\1/p')"
echo "     exposure: ${exposure:-?}"
check "systemd-analyze security rates it below 2.0" awk -v e="${exposure:-99}" 'BEGIN { exit !(e < 2.0) }'

echo "== reload"
cp "$conf/rules.d/boot-test.yml" "$work/good-rules.yml"
printf '  - id: boot-broken\n    match: %s\n' "'(unbalanced'" >>"$conf/rules.d/boot-test.yml"
check "systemctl reload with a broken rule" in_container systemctl reload newswatch.service
journal_has() { journal | grep -q -- "$1"; }
check "the journal says the reload failed" wait_for 10 journal_has 'reload failed'
check "and names the file and line" journal_has '/etc/newswatch/rules.d/boot-test.yml:6:' 
check "and still runs on the old rules" test "$(in_container systemctl is-active newswatch.service)" = active
cp "$work/good-rules.yml" "$conf/rules.d/boot-test.yml"
printf '  - id: boot-troops\n    match: troops\n' >>"$conf/rules.d/boot-test.yml"
check "systemctl reload with the fix" in_container systemctl reload newswatch.service
check "reloaded: 9 rules" wait_for 10 journal_has 'reloaded: 1 feed, 9 rules'

echo "== log rotation"
if [ -x /usr/sbin/logrotate ]; then
    # A second feed, added with the rotation: its alert must land in the new log.
    feed "$(item b1 'Seoul weighs lethal aid once more')" >"$work/www/late.xml"
    sed -i 's|^feeds:|feeds:\n  - id: late\n    url: http://127.0.0.1:8080/late.xml|' "$conf/newswatch.yml"
    # (The state file goes to /run: the container's /var/lib/logrotate, made by the package, is absent.)
    rotate() {
        in_container /usr/sbin/logrotate -v -f -s /run/logrotate.status /etc/logrotate.d/newswatch >"$work/logrotate.out" 2>&1 ||
            { sed 's/^/     logrotate: /' "$work/logrotate.out" | tail -15; return 1; }
    }
    check "logrotate -f rotates the alert log (its postrotate reloads the service)" rotate
    check "the reload takes the new feed" wait_for 10 journal_has 'reloaded: 2 feeds, 9 rules'
    rotated_has_old() { grep -q 'lethal aid"' "$log.1" 2>/dev/null && ! grep -q 'once more' "$log.1"; }
    check "the earlier alert is in alerts.log.1" rotated_has_old
    new_log_has_new() { grep -q 'once more' "$log" 2>/dev/null; }
    check "the new alert is in the new alerts.log" wait_for 30 new_log_has_new
    check "the new alerts.log is 0640, group newswatch" test "$(mode /var/log/newswatch/alerts.log)" = "640 newswatch newswatch"
else
    echo "skip log rotation: logrotate is not installed on the host"
fi

echo "== stop"
check "systemctl stop" in_container systemctl stop newswatch.service
check "exit status 0" test "$(in_container systemctl show -p ExecMainStatus --value newswatch.service)" = 0
check "the journal says stopped" wait_for 10 journal_has 'newswatch stopped'
all_alert_ids() { cat "$log" "$log.1" 2>/dev/null | grep boot-lethal-aid | sed 's/.* id=//'; }
check "no alert twice" test "$(all_alert_ids | wc -l)" = "$(all_alert_ids | sort -u | wc -l)"
# libdispatch's threads ask for nice values down to -4: the unit allows setpriority and LimitNICE=-4.
# Granting that limit takes CAP_SYS_RESOURCE, which systemd has on a real host; where the host cannot
# (some VMs), the container cannot either, and the check cannot be made.
no_refused_calls() { ! journal_has 'Failed to set thread priority'; }
if prlimit --nice=24 -- true 2>/dev/null; then
    check "setpriority and LimitNICE let the runtime set its threads' priorities (no complaints)" no_refused_calls
else
    echo "skip the runtime's thread priorities: this host cannot raise RLIMIT_NICE (no CAP_SYS_RESOURCE)"
fi

echo "== invalid config at start"
sed -i 's|^log_level: info|log_level: loud|' "$conf/newswatch.yml"
if in_container systemctl start newswatch.service 2>/dev/null; then start_failed=no; else start_failed=yes; fi
check "systemctl start fails" test "$start_failed" = yes
check "with status 78" test "$(in_container systemctl show -p ExecMainStatus --value newswatch.service)" = 78
sleep 1
check "and no restart is scheduled" test "$(in_container systemctl show -p ActiveState --value newswatch.service)" = failed
check "the journal names file, line and column" wait_for 10 journal_has "/etc/newswatch/newswatch.yml:6:12: log_level: 'loud'"

if [ "$failures" -gt 0 ]; then
    echo "---- journal of newswatch.service"
    journal | tail -40
    echo "systemd boot test: $failures checks failed"
    exit 1
fi
echo "systemd boot test: passed"
