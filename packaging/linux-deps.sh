#!/usr/bin/env bash
# System packages Songda needs on Debian/Ubuntu: Qt's xcb/offscreen platform libraries,
# fontconfig, poppler-utils (pdftoppm, used by tests to render PDFs) and zbar-tools
# (zbarimg, used by tests to decode barcodes), and the C compiler and Python headers with
# which `pip install` compiles the address engine (mypyc, setup.py; without them Songda
# installs as pure Python, slower). Installs only what is missing.
set -euo pipefail
PKGS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0 poppler-utils zbar-tools
      gcc libc6-dev python3-dev)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
