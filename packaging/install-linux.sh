#!/usr/bin/env bash
# Install (or with --uninstall remove) the built one-folder app for the current user or,
# with PREFIX=/usr/local run as root, for everyone:
#   bash packaging/build.sh && bash packaging/install-linux.sh          # ~/.local
#   sudo PREFIX=/usr/local bash packaging/install-linux.sh
# Puts the app in $PREFIX/lib/songda, links $PREFIX/bin/songda and songda-cli, and installs
# the desktop entry and icon so "Songda 送达" appears in the application menu.
# The database and backups (user data folder) are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-$HOME/.local}
APPDIR="$PREFIX/lib/songda"
ICON="$PREFIX/share/icons/hicolor/256x256/apps/songda.png"
ENTRY="$PREFIX/share/applications/songda.desktop"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$APPDIR" "$PREFIX/bin/songda" "$PREFIX/bin/songda-cli" "$ICON" "$ENTRY"
  echo "removed Songda from $PREFIX"
  exit 0
fi
[ -x dist/songda/songda ] || { echo "dist/songda not found: run packaging/build.sh first" >&2; exit 1; }
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$(dirname "$ICON")" "$(dirname "$ENTRY")"
rm -rf "$APPDIR"
cp -a dist/songda "$APPDIR"
ln -sf "$APPDIR/songda" "$PREFIX/bin/songda"
ln -sf "$APPDIR/songda-cli" "$PREFIX/bin/songda-cli"
install -m 644 resources/icons/songda.png "$ICON"
sed "s|^Exec=songda|Exec=$PREFIX/bin/songda|; s|^TryExec=songda|TryExec=$PREFIX/bin/songda|" \
  packaging/songda.desktop > "$ENTRY"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$(dirname "$ENTRY")" || true
echo "installed Songda in $APPDIR; run 'songda' or open it from the application menu"
