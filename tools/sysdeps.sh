#!/usr/bin/env bash
# Make sure the system packages the kiosk needs are there: install them with apt-get when we are
# root, otherwise say exactly what to install. Usage: tools/sysdeps.sh run|test|bench
set -euo pipefail
purpose=${1:-run}

# package  -> why
run_pkgs=(
  "python3-venv:to create .venv"
  "git:content from a git repository (content.source, kiosk sync)"
  "openssh-client:ssh-keygen, with which git checks signed content (content.source.signed_by)"
  "libgl1:OpenGL for the window"
  "libgl1-mesa-dri:Mesa OpenGL drivers"
  "libmtdev1:touchscreen input (mtdev)"
  "libfribidi0:right-to-left text (Arabic, Persian)"
  "libraqm0:shaped text layout for Pillow"
  "xvfb:a virtual display for kiosk shot and the tests"
  "xauth:for the virtual display"
  "libpango-1.0-0:the printed guide: WeasyPrint lays out text with Pango"
  "libpangoft2-1.0-0:the printed guide: Pango's FreeType fonts"
  "libharfbuzz-subset0:the printed guide: embeds only the glyphs it uses"
  "espeak-ng:read aloud: the offline voices (de, ar, fa, tr, ru, uk, vi, en, pl, ku)"
)
test_pkgs=(
  "zbar-tools:to scan QR codes in screenshots (zbarimg)"
  "poppler-utils:to read the printed guide back (pdftotext, pdffonts, pdftoppm)"
)
bench_pkgs=(
  "chromium:the browser the peer benchmark compares the kiosk with"
)
pkgs=("${run_pkgs[@]}")
if [ "$purpose" = test ] || [ "$purpose" = bench ]; then pkgs+=("${test_pkgs[@]}"); fi
if [ "$purpose" = bench ]; then pkgs+=("${bench_pkgs[@]}"); fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian-like system; make sure these are installed:" >&2
  for p in "${pkgs[@]}"; do echo "  ${p%%:*}  (${p#*:})" >&2; done
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  name=${p%%:*}
  if ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$name")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "sysdeps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  exit 0
fi

echo "sysdeps: these system packages are missing:" >&2
for p in "${pkgs[@]}"; do
  name=${p%%:*}
  for m in "${missing[@]}"; do [ "$m" = "$name" ] && echo "  $name  (${p#*:})" >&2; done
done
echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
if [ "$purpose" = bench ] && [ "${missing[*]}" = chromium ]; then
  echo "sysdeps: going on without chromium: the peer benchmark is skipped" >&2
  exit 0
fi
exit 1
