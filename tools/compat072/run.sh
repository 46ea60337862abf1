#!/usr/bin/env bash
# Differential check of what rauth hands requests.Session.request against
# rauth 0.7.2 on requests 2.31 (the contract), over ~36,000 generated calls.
# Usage, from the repository root: bash tools/compat072/run.sh [OUT_DIR]
# Writes OUT_DIR/REPORT.md (default: build/compat072). Not run by CI: it
# downloads rauth 0.7.2 and requests 2.31 from the package index.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "${1:-$root/build/compat072}" && cd "${1:-$root/build/compat072}" && pwd)"
if [ ! -x "$out/venv07/bin/python" ]; then
  python3 -m venv "$out/venv07"
  "$out/venv07/bin/pip" install -q "requests==2.31.0" "rauth==0.7.2"
fi
ours="${PYTHON:-$root/.venv/bin/python}"
{ git -C "$root" log -1 --format='HEAD %h %s' | cut -c1-120
  echo "uncommitted changes: $(git -C "$root" status --porcelain | wc -l) files"; } > "$out/gitinfo.txt"
(cd "$out" && "$out/venv07/bin/python" "$here/record.py" "$out/out07.jsonl") &
p1=$!
(cd "$out" && PYTHONPATH="$root" "$ours" "$here/record.py" "$out/outmain.jsonl") &
p2=$!
wait $p1
wait $p2
python3 "$here/compare.py" "$out/out07.jsonl" "$out/outmain.jsonl" "$out/REPORT.md"
