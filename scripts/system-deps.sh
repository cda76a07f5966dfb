#!/usr/bin/env bash
# Debian packages the workbench and its tests need: Qt's runtime libraries, CJK fonts for the
# interface and for generated PDFs, Xvfb for screenshots, poppler and qpdf for checks and benches,
# PulseAudio for the microphone path (tests run a virtual source), espeak-ng and sox to make test
# speech, ffmpeg for compressed audio and the vosk-transcriber peer, sane-utils (scanimage and
# SANE's test backend) for scanning, PostgreSQL (15+) whose initdb/pg_ctl the court-store tests
# run a throwaway cluster with.
# As root on Debian they are installed; otherwise the missing ones are named.
set -u
PKGS="libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-xkb1 libx11-xcb1 libnss3 libasound2
libpulse0 libpulse-mainloop-glib0 fonts-arphic-uming fonts-wqy-zenhei xvfb xauth poppler-utils qpdf sqlite3
espeak-ng sox ffmpeg pulseaudio pulseaudio-utils sane-utils postgresql"
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install Qt 6 runtime libraries and a CJK font (AR PL UMing or WenQuanYi Zen Hei) yourself." >&2; exit 0; }
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "system-deps: apt-get failed for:$missing" >&2; exit 1; }
else
  echo "system-deps: these Debian packages are missing; as root run:" >&2
  echo "  apt-get update && apt-get install -y$missing" >&2
  exit 1
fi
