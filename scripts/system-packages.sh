#!/bin/sh
# Installs, where apt exists, the Debian/Ubuntu packages the program and its tests need:
# the libraries Qt loads, Xvfb for tests that want a real X server, the open CJK TrueType
# fonts reports embed, poppler-utils to look at generated PDFs, and LibreOffice (Calc, Writer
# and its Python bridge) with which tests make spreadsheets the way clerks do and read Word
# copies as a reader sees them, and PostgreSQL, whose binaries the tests run as a throw-away
# office server (tests/pg_server.py). Does nothing when all are present; prints what to install by
# hand on systems without apt.
set -eu

PKGS="python3-venv
libgl1 libegl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1 libxrender1 libxi6 libsm6 libice6
libglib2.0-0 libcups2 libatomic1
xvfb xauth
fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-microhei fonts-hanazono
poppler-utils
libreoffice-calc libreoffice-writer python3-uno
postgresql"

if ! command -v apt-get >/dev/null 2>&1; then
    echo "未找到 apt-get：请用本系统的包管理器安装与以下 Debian 软件包等价的软件：" >&2
    echo $PKGS >&2
    exit 0
fi

missing=""
for p in $PKGS; do
    # Ubuntu 24.04 renamed some libraries with a t64 suffix; either name satisfies us.
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
       && ! dpkg-query -W -f='${Status}' "${p}t64" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "需要 root 权限安装：$missing" >&2; exit 1
    fi
fi
echo "正在安装系统软件包：$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 || {
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends $missing
}
