#!/usr/bin/env bash
# Build the one-folder Linux app (dist/songda/) with PyInstaller and prove it starts:
#   bash packaging/build.sh
# Steps: system libraries (packaging/linux-deps.sh) → fresh venv build/package-venv with
# `pip install .[package]` → pyinstaller packaging/songda.spec → smoke tests of the BUILT app
# offscreen (`songda gui --smoke` must exit 0; `songda-cli demo` must write its PDFs) →
# dist/songda-<version>-linux-x86_64.tar.gz. Fails (non-zero) if any step fails.
# Environment: PYTHON (default python3), KEEP_VENV=1 reuses an existing build venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

bash packaging/linux-deps.sh

PY=${PYTHON:-python3}
VENV=build/package-venv
if [ "${KEEP_VENV:-0}" != "1" ] || [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
"$VENV/bin/python" -m pip install -q '.[package]'

rm -rf dist/songda build/pyinstaller
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/songda.spec

APP=dist/songda
[ -x "$APP/songda" ] && [ -x "$APP/songda-cli" ] || { echo "build produced no executables" >&2; exit 1; }
# `pip install .` compiled the hot modules with mypyc (setup.py); the app must carry them
ls "$APP"/_internal/*__mypyc.* >/dev/null 2>&1 \
  || { echo "build carries no compiled modules (mypyc): see setup.py" >&2; exit 1; }

# Smoke tests on the built app, never on the operator's real data.
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
export QT_QPA_PLATFORM=offscreen SONGDA_DB="$SMOKE/smoke.db"
export XDG_DATA_HOME="$SMOKE/data" XDG_CONFIG_HOME="$SMOKE/config"
echo "smoke: songda gui --smoke"
if ! timeout 180 "$APP/songda" gui --smoke; then
  echo "SMOKE FAILED: the built app did not start and quit with status 0" >&2
  exit 1
fi
echo "smoke: songda-cli demo --out $SMOKE/demo"
timeout 600 "$APP/songda-cli" --db "$SMOKE/demo.db" demo --out "$SMOKE/demo"
for kind in letters labels; do
  ls "$SMOKE/demo/$kind"-*.pdf >/dev/null 2>&1 || { echo "SMOKE FAILED: demo wrote no $kind PDF" >&2; exit 1; }
done
# Re-render the batch with 2 worker processes: multiprocessing "spawn" in the frozen app.
echo "smoke: songda-cli batch render 1 --workers 2"
timeout 600 "$APP/songda-cli" --db "$SMOKE/demo.db" batch render 1 --workers 2 --out "$SMOKE/rerender"
cmp "$SMOKE/demo/letters-001.pdf" "$SMOKE/rerender/letters-001.pdf" \
  || { echo "SMOKE FAILED: re-rendered letters differ" >&2; exit 1; }

VERSION=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("songda"))')
ARCHIVE="dist/songda-$VERSION-linux-$(uname -m).tar.gz"
tar -C dist -czf "$ARCHIVE" songda
echo "built $APP ($(du -sh "$APP" | cut -f1)), archive $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)); smoke OK"
