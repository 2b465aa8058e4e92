#!/usr/bin/env bash
# `make package-test`: the installers as a clerk's PC meets them.
#  1. the one-folder program (PyInstaller) passes `frontline self-test` here;
#  2. the .deb is installed with dpkg into a clean, minimal Debian 12 root (debootstrap, as
#     ../shared/tools/fresh-debian.sh makes one), its dependencies brought by apt, and passes
#     `self-test` there as an ordinary user, who then makes a database and opens an older one
#     (which is backed up and upgraded, and says so);
#  3. a newer version is installed over it: the databases stay and still open;
#  4. the package is removed and purged: the program is gone, the databases are untouched.
# Needs root (debootstrap, chroot, mounts). The base root is built once (about a minute, from
# the machine's configured Debian mirror) and copied afresh for every run; the packages apt
# fetches for it are kept beside it. PACKAGE_ROOT overrides where those live. SUITE=bullseye
# (`make package-test BUILD_IN=bullseye`) installs into a clean Debian 11 root (glibc 2.31) instead,
# to try the build made for older systems (installer/build-in-root.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SUITE=${SUITE:-bookworm}
if [ "$SUITE" = bookworm ]; then BASE=${PACKAGE_ROOT:-/var/tmp/frontline-package-root}
else BASE=${PACKAGE_ROOT:-/var/tmp/frontline-package-root-$SUITE}; fi
ROOT="$BASE.run"
APT_CACHE="$BASE.apt-cache"
APP=build/dist/frontline
say() { printf '\n== %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "package-test 需要 root 权限（debootstrap、chroot）" >&2; exit 1; }

say "1. 打包版程序自检（$APP）"
stray=$(find "$APP" \( -name tests -o -name conftest.py -o -name 'test_*.py' -o -name pytest \) -print | head -5)
[ -z "$stray" ] || { echo "打包版中有测试文件：$stray" >&2; exit 1; }
"$APP/frontline" self-test

say "2. .deb（make package 构建的），以及同一程序标为更新版本的一个"
version=$("$PY" -c 'import desktop; print(desktop.__version__)')
DEB=$(ls -t build/"frontline_${version}"_*.deb 2>/dev/null | head -1)
if [ -z "$DEB" ] || [ "$DEB" -ot "$APP/frontline" ]; then
    DEB=$("$PY" -m installer.deb --app "$APP" --out build)
fi
NEWER=$("$PY" -m installer.deb --app "$APP" --out build/newer --version "${version}+1" --fast)
echo "$DEB"; echo "$NEWER"

if [ ! -x "$BASE/usr/bin/dpkg" ]; then
    say "制作干净的 Debian $SUITE 根文件系统（$BASE，只做一次）"
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    rm -rf "$BASE.partial"
    debootstrap --variant=minbase "$SUITE" "$BASE.partial" "$mirror" >/tmp/frontline-debootstrap.log 2>&1 \
        || { echo "debootstrap 失败（见 /tmp/frontline-debootstrap.log）" >&2; exit 1; }
    if [ "$SUITE" = bookworm ]; then
        cp /etc/apt/sources.list.d/debian.sources "$BASE.partial/etc/apt/sources.list.d/"
        rm -f "$BASE.partial/etc/apt/sources.list"
    fi
    rm -rf "$BASE.partial/var/cache/apt/archives/"*.deb
    mv "$BASE.partial" "$BASE"
fi

say "3. 在干净的根文件系统中安装（$ROOT）"
mounted=()
cleanup() {
    for ((i=${#mounted[@]}-1; i>=0; i--)); do umount "${mounted[$i]}" 2>/dev/null || true; done
    rm -rf "$ROOT"
}
trap cleanup EXIT
rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
cp /etc/resolv.conf "$ROOT/etc/" 2>/dev/null || true
mkdir -p "$APT_CACHE/partial"
# /dev/shm too, as on any machine: the batch reports' worker queues need POSIX semaphores there
# (a plain bind of /dev leaves the chroot's /dev/shm a root-only directory).
for m in proc dev dev/shm; do mount --bind "/$m" "$ROOT/$m"; mounted+=("$ROOT/$m"); done
mount --bind "$APT_CACHE" "$ROOT/var/cache/apt/archives"; mounted+=("$ROOT/var/cache/apt/archives")
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
as_clerk() { chroot --userspec=clerk:clerk "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/clerk \
    FRONTLINE_PASSWORD=Clerk-Pass-1 "$@"; }
cp "$DEB" "$NEWER" "$ROOT/tmp/"
cp tests/data/schema-0007.db tests/data/schema-0007.db.keys "$ROOT/tmp/"
# The clerk copies them: readable whatever mode the checkout gave them (the key file may be 0600).
chmod a+r "$ROOT/tmp/schema-0007.db" "$ROOT/tmp/schema-0007.db.keys"
in_root useradd --create-home --shell /bin/sh clerk
in_root apt-get update -qq
# dpkg installs; what it reports missing (fonts, Qt's system libraries) comes from apt, as it
# would from the UOS/Kylin installation disc's repository on an intranet.
in_root dpkg -i "/tmp/$(basename "$DEB")" >/dev/null 2>&1 || true
in_root apt-get -f install -y -qq --no-install-recommends >/dev/null
in_root dpkg-query -W -f='${Status} ${Version}\n' frontline
test -x "$ROOT/opt/frontline/frontline" && test -f "$ROOT/usr/share/applications/frontline.desktop"

say "4. 以普通用户自检"
as_clerk frontline self-test

say "5. 用户的数据库：新建一个，打开一个旧版本的（先备份再升级）"
as_clerk mkdir -p /home/clerk/数据
as_clerk frontline init --db /home/clerk/数据/单位.db >/dev/null
as_clerk cp /tmp/schema-0007.db /tmp/schema-0007.db.keys /home/clerk/数据/
upgraded=$(as_clerk env FRONTLINE_PASSWORD=secret123 frontline info --db /home/clerk/数据/schema-0007.db 2>&1)
echo "$upgraded" | head -3
echo "$upgraded" | grep -q "升级前已备份" || { echo "打开旧数据库时没有说明升级前的备份" >&2; exit 1; }
ls "$ROOT/home/clerk/数据/"

say "6. 安装新版本覆盖旧版本"
in_root dpkg -i "/tmp/$(basename "$NEWER")"
in_root dpkg-query -W -f='${Status} ${Version}\n' frontline
as_clerk frontline info --db /home/clerk/数据/单位.db | head -3
as_clerk frontline self-test | tail -1

say "7. 卸载（remove，再 purge）：程序删除，数据库保留"
before=$(cd "$ROOT/home/clerk/数据" && sha256sum ./* | sort)
in_root dpkg -r frontline >/dev/null
in_root dpkg --purge frontline >/dev/null
if [ -e "$ROOT/opt/frontline" ] || [ -e "$ROOT/usr/bin/frontline" ] || [ -e "$ROOT/usr/share/applications/frontline.desktop" ]; then
    echo "卸载后程序文件仍在" >&2; exit 1
fi
after=$(cd "$ROOT/home/clerk/数据" && sha256sum ./* | sort)
[ "$before" = "$after" ] || { echo "卸载改动了用户的数据库：" >&2; diff <(echo "$before") <(echo "$after") >&2; exit 1; }
echo "$after"
as_clerk sh -c 'test -d "$HOME/.local/share/frontline" || test -d "$HOME/.local/state/frontline"' \
    && echo "用户的设置和审计锚点（~/.local）也保留"

say "package-test 通过：打包版自检、.deb 安装、自检、升级、卸载均正常"
