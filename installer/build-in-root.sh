#!/usr/bin/env bash
# `make package BUILD_IN=bullseye`: the one-folder program and the .deb built inside a Debian 11
# root (glibc 2.31) instead of on this machine, so that they run on older systems too.
# PyInstaller ships every library the program loads except the C library, taken from the system
# it builds on: a build on Debian 12 needs Debian 12's glibc (2.36). Built here, the build needs
# what the Debian 11 libraries and PySide6 6.8's Qt ask for (installer/README.md has the table).
#
# Debian 11 has Python 3.9; the program needs 3.11. The root gets Python 3.11 built from Debian
# 12's own source package of it (apt-get source: upstream 3.11.2 with Debian's security patches
# applied; the patches that fit Python into Debian's layout are left out), installed in
# /opt/python3.11 of the root. Made once (debootstrap about 3 minutes, Python about 10), kept in
# BUILD_ROOT (default /var/tmp/frontline-build-<suite>); later builds copy the working tree's
# tracked files in, install the pinned packages into the root's venv with pip and build.
# Needs root (debootstrap, chroot, mounts) and the Debian mirror and PyPI, as `make package` does.
# Another suite: BUILD_IN=buster with BUILD_MIRROR=http://archive.debian.org/debian and
# BUILD_SECURITY_MIRROR=http://archive.debian.org/debian-security (not tried: unreachable here).
set -euo pipefail

cd "$(dirname "$0")/.."
SUITE=${1:?"用法：installer/build-in-root.sh bullseye"}
ROOT=${BUILD_ROOT:-/var/tmp/frontline-build-$SUITE}
MIRROR=${BUILD_MIRROR:-http://deb.debian.org/debian}
# Where Debian 12's source package of Python comes from (a retired suite's mirror, such as
# archive.debian.org for buster, does not have bookworm).
SOURCE_MIRROR=${BUILD_SOURCE_MIRROR:-http://deb.debian.org/debian}
PYTHON=/opt/python3.11/bin/python3.11
SRC=/build/frontline
say() { printf '\n== %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "在旧版本系统的根文件系统中构建需要 root 权限（debootstrap、chroot）" >&2; exit 1; }

# What building Python needs, what PyInstaller needs (objdump), and the libraries Qt loads from
# the system (as on the build machine: PyInstaller ships those it finds), with the fonts self-test uses.
INCLUDE=build-essential,libssl-dev,zlib1g-dev,libffi-dev,libsqlite3-dev,libbz2-dev,liblzma-dev,uuid-dev
INCLUDE=$INCLUDE,xz-utils,ca-certificates,binutils,dpkg-dev
INCLUDE=$INCLUDE,libgl1,libglx0,libglvnd0,libegl1,libopengl0,libxcb1
INCLUDE=$INCLUDE,libxkbcommon0,libxkbcommon-x11-0,libfontconfig1,libfreetype6
INCLUDE=$INCLUDE,libdbus-1-3,libxcb-cursor0,libxcb-icccm4,libxcb-image0,libxcb-keysyms1,libxcb-randr0
INCLUDE=$INCLUDE,libxcb-render-util0,libxcb-shape0,libxcb-xinerama0,libxcb-xkb1,libx11-xcb1,libxrender1
INCLUDE=$INCLUDE,libxi6,libsm6,libice6,libglib2.0-0,libcups2,libatomic1
INCLUDE=$INCLUDE,fontconfig,fonts-arphic-gbsn00lp,fonts-arphic-gkai00mp,fonts-wqy-microhei

mounted=()
cleanup() { for ((i=${#mounted[@]}-1; i>=0; i--)); do umount "${mounted[$i]}" 2>/dev/null || true; done; }
trap cleanup EXIT
mount_root() {
    for m in proc dev; do
        mountpoint -q "$ROOT/$m" || { mount --bind "/$m" "$ROOT/$m"; mounted+=("$ROOT/$m"); }
    done
    cp /etc/resolv.conf "$ROOT/etc/" 2>/dev/null || true
}
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

if [ ! -x "$ROOT/usr/bin/dpkg" ]; then
    say "制作 Debian $SUITE 根文件系统（$ROOT，只做一次）"
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    rm -rf "$ROOT.partial"
    debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$ROOT.partial" "$MIRROR" \
        >/tmp/frontline-build-debootstrap.log 2>&1 \
        || { echo "debootstrap 失败（见 /tmp/frontline-build-debootstrap.log）" >&2; exit 1; }
    mv "$ROOT.partial" "$ROOT"
fi
mount_root

if [ ! -f "$ROOT/etc/apt/sources.list.d/security.list" ]; then
    # PyInstaller ships these libraries (libxcb-*, freetype, expat …): take the suite's security updates.
    echo "deb ${BUILD_SECURITY_MIRROR:-http://deb.debian.org/debian-security} $SUITE-security main" \
        > "$ROOT/etc/apt/sources.list.d/security.list"
    in_root apt-get update -qq
    in_root apt-get -y -qq upgrade >/dev/null
    in_root apt-get clean
fi

if [ ! -x "$ROOT$PYTHON" ]; then
    say "在根文件系统中构建 Python 3.11（Debian 12 的源代码包，只做一次）"
    echo "deb-src $SOURCE_MIRROR bookworm main" > "$ROOT/etc/apt/sources.list.d/bookworm-src.list"
    in_root apt-get update -qq
    rm -rf "$ROOT/src" && mkdir -p "$ROOT/src"
    in_root sh -c 'cd /src && apt-get source -qq --download-only python3.11' >/dev/null
    in_root sh -c 'cd /src && tar xf python3.11_*.debian.tar.xz && tar xzf python3.11_*.orig.tar.gz'
    # Debian's security fixes (CVE-…, backports from 3.11's branch), in the series' order; every one must apply.
    in_root sh -ec 'cd /src/Python-3.11.*; for p in $(grep -E "^(CVE|000[0-9]-3\.11|relfile|frame_dealloc)" ../debian/patches/series); do
        patch -p1 -s --no-backup-if-mismatch < ../debian/patches/$p; done
        # The CVE-2026-4224 fix has pyexpat.c use an internal header; later 3.11 releases declare the
        # module part of the core for that (Debian builds it in, which defines it another way).
        if grep -q pycore_ceval.h Modules/pyexpat.c && ! grep -q Py_BUILD_CORE_MODULE Modules/pyexpat.c; then
            sed -i "1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif" Modules/pyexpat.c
        fi'
    in_root sh -ec 'cd /src/Python-3.11.*; ./configure -q --prefix=/opt/python3.11 --enable-shared \
        LDFLAGS=-Wl,-rpath,/opt/python3.11/lib >/src/configure.log 2>&1
        make -j"$(nproc)" >/src/make.log 2>&1; make install >/src/install.log 2>&1' \
        || { echo "构建 Python 失败（见 $ROOT/src/*.log）" >&2; exit 1; }
    in_root "$PYTHON" -c 'import ssl, sqlite3, ctypes, lzma, bz2, zlib, uuid; print("Python", __import__("sys").version)'
fi

say "复制工作树（git 跟踪的文件）到 $ROOT$SRC"
rm -rf "$ROOT$SRC" && mkdir -p "$ROOT$SRC"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$ROOT$SRC"

say "在根文件系统中安装固定版本的依赖（$ROOT/build/venv）"
# pip in the root trusts what pip here trusts (after the root's own ca-certificates updates, which
# rewrite the bundle).
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$ROOT/etc/"
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt" 2>/dev/null || true
[ -x "$ROOT/build/venv/bin/python" ] || in_root "$PYTHON" -m venv /build/venv
in_root /build/venv/bin/python -m pip install -q --disable-pip-version-check -e "$SRC[package]"

say "在根文件系统中用 PyInstaller 构建，并打成 .deb"
in_root sh -ec "cd $SRC && /build/venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
    --workpath build/pyinstaller installer/frontline.spec && /build/venv/bin/python -m installer.deb \
    --app build/dist/frontline --out build >/dev/null"
in_root env QT_QPA_PLATFORM=offscreen HOME=/tmp "$SRC/build/dist/frontline/frontline" self-test | tail -1

say "取回构建结果"
mkdir -p build/dist
rm -rf build/dist/frontline
cp -a "$ROOT$SRC/build/dist/frontline" build/dist/
for deb in "$ROOT$SRC"/build/frontline_*.deb; do
    cp "$deb" build/
    echo "build/$(basename "$deb")：$(dpkg-deb -f "$deb" Depends | cut -d, -f1)"
done
