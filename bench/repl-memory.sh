#!/usr/bin/env bash
# Memory figures of long sessions: the peak RSS of a 20,000-line `--file` script, and the REPL's RSS at its first
# prompt and after 2,000 keystrokes typed on a pseudo-terminal (go-prompt asks for completions on each one).
# Figures go in docs/shell.md. DATAFLOW_BIN measures another build (another commit's, say); KEYS another count.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${DATAFLOW_BIN:-}
if [ -z "$bin" ]; then
  make -s build
  bin=$PWD/bin/dataflow
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The bench images are registered, never pulled: registration does not read their labels.
export DATAFLOW_IMAGE_METADATA=off
export DATAFLOW_DB="$work/df.db" DATAFLOW_CONFIG="$work/config.yaml" HOME="$work" NO_COLOR=1
"$bin" app register time --type source --uri docker:springcloudstream/time-source-rabbit:3.2.1 > /dev/null
"$bin" app register log --type sink --uri docker:springcloudstream/log-sink-rabbit:3.2.1 > /dev/null
"$bin" stream create ticktock --definition 'time | log' > /dev/null

lines=("app list" "stream list" "task list" "app info --name time --type source" "stream info ticktock")
n=${SCRIPT_LINES:-20000}
for i in $(seq 0 $((n - 1))); do echo "${lines[i % ${#lines[@]}]}"; done > "$work/lines.dfs"
peak=$(/usr/bin/time -f '%M' "$bin" --file "$work/lines.dfs" 2>&1 > /dev/null | tail -1)
echo "$n-line script: peak RSS $((peak / 1024)) MiB"

python3 - "$bin" <<'PY'
import os, pty, select, sys, time

pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execv(sys.argv[1], [sys.argv[1]])

out = bytearray()

def pump(timeout):
    r, _, _ = select.select([fd], [], [], timeout)
    if not r:
        return False
    data = os.read(fd, 65536)
    out.extend(data)
    if b"\x1b[6n" in data:  # go-prompt asks where the cursor is; answer as a terminal would
        os.write(fd, b"\x1b[1;1R")
    return True

def wait_prompt(after):
    deadline = time.time() + 30
    while out.find(b"dataflow:>", after) < 0:
        if time.time() > deadline:
            sys.exit("no prompt: " + out[-400:].decode(errors="replace"))
        pump(0.5)

def rss():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024

wait_prompt(0)
time.sleep(0.5)
while pump(0.1):
    pass
start = rss()
# Keys go one at a time, each once the previous one was drawn (go-prompt takes keys arriving together for a
# paste): each line is typed with a Tab at its end, cleared with Ctrl-U, and `version` is run.
def key(k):
    before = len(out)
    os.write(fd, k)
    deadline = time.time() + 5
    while len(out) == before and time.time() < deadline:
        pump(0.05)
    if len(out) == before:
        slow.append(k)
    while pump(0.02):
        pass
    if k == b"\r":
        wait_prompt(before)
        time.sleep(0.03)

typed = 0
slow = []
lines = ["stream info tick", "app info --name ti", "task list", "stream list", "app list --type so"]
i = 0
while typed < int(os.environ.get('KEYS', '2000')):
    for k in [c.encode() for c in lines[i % len(lines)]] + [b"\t", b"\x15"] + [c.encode() for c in "version"] + [b"\r"]:
        key(k)
        typed += 1
    i += 1
time.sleep(0.5)
while pump(0.1):
    pass
end = rss()
if slow:
    print(f"{len(slow)} keys drew nothing: {slow[:10]}", file=sys.stderr)
for k in b"exit":
    key(bytes([k]))
os.write(fd, b"\r")
os.waitpid(pid, 0)
print(f"REPL: RSS {start} MiB at the first prompt, {end} MiB after {typed} keystrokes")
PY
