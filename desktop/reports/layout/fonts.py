"""Finding the fonts official documents are set in.

Order, per role (仿宋 body, 宋体 forms and page numbers, 黑体 and 楷体 headings, 小标宋 titles):
1. the office fonts installed on the machine: on Windows the files under %WINDIR%\\Fonts
   (simfang.ttf, simsun.ttc, simhei.ttf, simkai.ttf …), elsewhere what fontconfig lists,
   matched by family name in Chinese or English;
2. a folder named in the database settings (clerks copy the Windows fonts there on
   UOS/Kylin machines);
3. the open TrueType fonts `make` installs (and the .deb depends on): 文鼎ＰＬ简报宋 (AR PL SungtiL GB),
   文鼎ＰＬ简中楷 (AR PL KaitiM GB) and 文泉驿微米黑 (WenQuanYi Micro Hei), or the same files a
   build carries in resources/fonts.

There is no open 仿宋. The substitute is 文鼎ＰＬ简报宋: 仿宋 is a light face with thin, even
strokes, and the "L" (light) 报宋 is the open face closest to it in colour and proportions.
楷体 would be closer in stroke shape, but GB/T 9704 sets second-level headings in 楷体, and
a 楷体 body would erase the difference between those headings and the text. With no
小标宋 either, titles are set in the chosen 宋体 and emboldened by stroking the outlines.

Files reportlab cannot embed (CFF-based OpenType) are skipped and noted. The result is a
plain, picklable FontSet, so worker processes use exactly the fonts the parent chose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.reports.layout.fontfiles import Face, FontFileError, faces

FANGSONG, SONG, HEI, KAI, TITLE = "fangsong", "song", "hei", "kai", "title"
ROLES = (FANGSONG, SONG, HEI, KAI, TITLE)
ROLE_LABELS = {FANGSONG: "仿宋", SONG: "宋体", HEI: "黑体", KAI: "楷体", TITLE: "小标宋"}

# File names of the Windows office fonts, per role.
WINDOWS_FILES: dict[str, tuple[str, ...]] = {
    FANGSONG: ("simfang.ttf", "fangsong_gb2312.ttf"),
    SONG: ("simsun.ttc", "simsun.ttf"),
    HEI: ("simhei.ttf",),
    KAI: ("simkai.ttf", "kaiti_gb2312.ttf"),
    TITLE: ("fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxbsk.ttf"),
}
# Family names (as the name table spells them, any language), best first.
FAMILIES: dict[str, tuple[str, ...]] = {
    FANGSONG: ("仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体",
               "FZFangSong-Z02S", "华文仿宋", "STFangsong"),
    SONG: ("宋体", "SimSun", "方正书宋_GBK", "方正书宋简体", "FZShuSong-Z01S", "华文宋体", "STSong"),
    HEI: ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "FZHei-B01S", "华文黑体", "STHeiti"),
    KAI: ("楷体", "KaiTi", "楷体_GB2312", "KaiTi_GB2312", "方正楷体_GBK", "方正楷体简体", "FZKai-Z03S",
          "华文楷体", "STKaiti"),
    TITLE: ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "华文中宋",
            "STZhongsong"),
}
OPEN_FAMILIES: dict[str, tuple[str, ...]] = {
    SONG: ("AR PL SungtiL GB", "AR PL UMing CN"),
    KAI: ("AR PL KaitiM GB", "AR PL UKai CN"),
    HEI: ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei"),
}
# Where Debian puts them, for systems where fontconfig is missing or not yet refreshed.
OPEN_FILES = (
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
# Per-character fallbacks after the role fonts: CJK extensions A/B (rare characters in
# names, such as 㐂 or 𠀀), then Latin and symbols.
FALLBACK_FILES = ("simsunb.ttf", "mingliub.ttc", "simsun.ttc")
FALLBACK_FAMILIES = ("SimSun-ExtB", "MingLiU-ExtB", "HanaMinA", "HanaMinB", "BabelStone Han",
                     "AR PL UMing CN", "WenQuanYi Zen Hei", "DejaVu Sans", "DejaVu Serif")
FALLBACK_PATHS = ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
                  "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
                  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
OPEN_SOURCE = "开源字体"  # FontChoice.source of the open fonts the program falls back to


def _simplified(text: str) -> bool:
    """Written in GB 2312's characters: simplified Chinese (or plain Latin)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class FontChoice:
    role: str
    face: Face
    source: str  # 系统, 设置的文件夹, 开源字体
    bold: bool = False  # emboldened by stroking (a title set in a regular 宋体)
    substitute: bool = False  # not a face of the role's own family

    @property
    def name(self) -> str:
        """The face's shortest name, a simplified-Chinese one first (文泉驿, not 文泉驛), the
        same one every run (the names are a set)."""
        if not self.face.names:
            return Path(self.face.path).name
        return min(self.face.names, key=lambda n: (not _simplified(n), len(n), n))

    def describe(self) -> str:
        name = self.name
        extra = "（代用" + ("，加粗" if self.bold else "") + "）" if self.substitute else ""
        return f"{ROLE_LABELS[self.role]}：{name}{extra}，{self.source}，{self.face.path}"


@dataclass(frozen=True)
class FontSet:
    """The face chosen for each role and the per-character fallbacks, in order."""

    choices: tuple[FontChoice, ...]
    fallbacks: tuple[Face, ...] = ()
    notes: tuple[str, ...] = field(default=())  # files skipped and why, substitutions

    @property
    def roles(self) -> dict[str, FontChoice]:
        return {c.role: c for c in self.choices}

    def describe(self) -> list[str]:
        """One line per role, then the notes: what the settings page and `report --fonts` show."""
        return [c.describe() for c in self.choices] + list(self.notes)

    def fallbacks_used(self) -> list[str]:
        """The roles not set in an office font of their own: served by the open fonts the
        program falls back to, or by another role's face. A PDF says so in its metadata."""
        out = []
        for c in self.choices:
            if c.substitute or c.source == OPEN_SOURCE:
                out.append(f"{ROLE_LABELS[c.role]}→{c.name}{'加粗' if c.bold else ''}（{c.source}）")
        return out


class NoFonts(RuntimeError):
    """No usable Chinese font at all: reports cannot be made on this machine."""


def _font_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file())
    except OSError:
        return []


def _read_faces(paths: Iterable[Path | str]) -> list[Face]:
    out: list[Face] = []
    for p in dict.fromkeys(str(p) for p in paths):
        try:
            out.extend(faces(p))
        except FontFileError:
            continue
    return out


def windows_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def fontconfig_files() -> list[str]:
    """Every font file fontconfig knows; empty when fc-list is not installed."""
    fc = shutil.which("fc-list")
    if fc is None:
        return []
    try:
        done = subprocess.run([fc, "--format", "%{file}\n"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})


@lru_cache(maxsize=1)
def system_faces() -> tuple[Face, ...]:
    """Faces installed on this machine (read once per process)."""
    if sys.platform == "win32":
        files: list[Path | str] = [f for d in windows_font_dirs() for f in _font_files(d)]
    else:
        files = list(fontconfig_files())
    return tuple(_read_faces(files))


def _by_file(found: list[Face], names: tuple[str, ...]) -> list[Face]:
    wanted = [n.lower() for n in names]
    hits = [f for f in found if Path(f.path).name.lower() in wanted]
    return sorted(hits, key=lambda f: (wanted.index(Path(f.path).name.lower()), f.index))


def _by_family(found: list[Face], names: tuple[str, ...]) -> list[Face]:
    """Faces of those families, best family first and the regular style before others."""
    out: list[Face] = []
    for name in names:
        hits = [f for f in found if f.matches((name,)) and f not in out]
        out += sorted(hits, key=lambda f: not f.regular)
    return out


def _pick(candidates: list[Face], notes: list[str], role: str) -> Face | None:
    for face in candidates:
        if face.truetype:
            return face
        notes.append(f"{ROLE_LABELS[role]}字体 {face.path} 使用 CFF 轮廓，无法嵌入 PDF，已跳过")
    return None


def shipped_font_files() -> list[str]:
    """The open fonts a build carries in resources/fonts (a Windows build may: installer/README.md);
    a Debian package depends on the font packages instead."""
    from desktop import paths

    try:
        folder = paths.resources_dir() / "fonts"
    except FileNotFoundError:
        return []
    return [str(p) for p in _font_files(folder)]


def discover(folder: Path | str | None = None, *, system: Iterable[Face] | None = None,
             open_files: Iterable[str] | None = None,
             fallback_files: Iterable[str] = FALLBACK_PATHS) -> FontSet:
    """Choose a face per role. `system` replaces the machine's fonts (tests use this); `open_files`
    the open fonts (by default the Debian packages' files, then those the build ships)."""
    if open_files is None:
        open_files = [*OPEN_FILES, *shipped_font_files()]
    installed = list(system_faces() if system is None else system)
    in_folder = _read_faces(_font_files(Path(folder))) if folder else []
    notes_folder = [f"设置中的字体文件夹 {folder} 不存在"] if folder and not Path(folder).is_dir() else []
    opened = _read_faces(p for p in open_files if Path(p).is_file()) + installed
    notes: list[str] = list(notes_folder)
    roles: dict[str, FontChoice] = {}
    for role in ROLES:
        for source, pool in (("系统", installed), ("设置的文件夹", in_folder)):
            face = _pick(_by_file(pool, WINDOWS_FILES[role]) + _by_family(pool, FAMILIES[role]), notes, role)
            if face is not None:
                roles[role] = FontChoice(role, face, source)
                break
        if role not in roles and role in OPEN_FAMILIES:
            face = _pick(_by_family(opened, OPEN_FAMILIES[role]), notes, role)
            if face is not None:
                roles[role] = FontChoice(role, face, OPEN_SOURCE)
    _substitute(roles, notes)
    fallbacks = _fallbacks(installed, in_folder, list(fallback_files), roles)
    return FontSet(tuple(roles[r] for r in ROLES), fallbacks, tuple(dict.fromkeys(notes)))


def _substitute(roles: dict[str, FontChoice], notes: list[str]) -> None:
    """Fill roles that found no face of their own family, as the module docstring explains."""
    order = {FANGSONG: (SONG, KAI, HEI), TITLE: (SONG, FANGSONG, HEI), SONG: (FANGSONG, KAI, HEI),
             KAI: (FANGSONG, SONG, HEI), HEI: (SONG, FANGSONG, KAI)}
    for role in ROLES:
        if role in roles:
            continue
        donor = next((roles[d] for d in order[role] if d in roles and not roles[d].substitute), None)
        if donor is None:
            raise NoFonts("找不到可用的中文 TrueType 字体（宋体、仿宋、黑体或楷体），无法生成报表。"
                          "请安装字体，或在设置中指定存放 simsun.ttc 等字体文件的文件夹")
        bold = role == TITLE
        roles[role] = FontChoice(role, donor.face, donor.source, bold=bold, substitute=True)
        notes.append(f"未找到{ROLE_LABELS[role]}字体，以{ROLE_LABELS[donor.role]}"
                     f"{'加粗' if bold else ''}代替")


def _fallbacks(installed: list[Face], in_folder: list[Face], paths: list[str],
               roles: dict[str, FontChoice]) -> tuple[Face, ...]:
    pool = installed + in_folder
    found = _by_file(pool, FALLBACK_FILES) + _by_family(pool, FALLBACK_FAMILIES)
    found += _read_faces(p for p in paths if Path(p).is_file())
    used = {(c.face.path, c.face.index) for c in roles.values()}
    out: list[Face] = []
    for face in found:
        key = (face.path, face.index)
        if face.truetype and face.regular and key not in used:
            used.add(key)
            out.append(face)
    return tuple(out)
