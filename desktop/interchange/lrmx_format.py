"""The LRMX file of the national 任免审批表 editor: writing it exactly, reading it safely.

Writers emit every element in the editor's order, empty ones too (DOMAIN.md §3), with the two
elements the newest editors added for the 2025 retirement-age reform (到龄年月 after 参加工作时间,
改革前任职年龄界限 after 呈报单位, where those editors put them). Readers
accept a BOM, whitespace, extra elements from newer editors and a declared GBK encoding;
they refuse DTDs and entities outright (defusedxml), so no external entity is fetched and
no entity expansion can blow up.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as SafeET

from desktop.interchange import safety
from desktop.interchange.errors import FileRefused

ELEMENTS = (
    "XingMing", "XingBie", "ChuShengNianYue", "MinZu", "JiGuan", "ChuShengDi", "RuDangShiJian",
    "CanJiaGongZuoShiJian", "DaoLingNianYue", "JianKangZhuangKuang", "ZhuanYeJiShuZhiWu",
    "ShuXiZhuanYeYouHeZhuanChang", "QuanRiZhiJiaoYu_XueLi", "QuanRiZhiJiaoYu_XueWei",
    "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "ZaiZhiJiaoYu_XueLi",
    "ZaiZhiJiaoYu_XueWei", "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "XianRenZhiWu",
    "NiRenZhiWu", "NiMianZhiWu", "JianLi", "JiangChengQingKuang", "NianDuKaoHeJieGuo", "RenMianLiYou",
    "JiaTingChengYuan", "ChengBaoDanWei", "GaiGeQianRenZhiNianLingJieXian", "JiSuanNianLingShiJian",
    "TianBiaoShiJian", "TianBiaoRen", "ShenFenZheng", "ZhaoPian", "Version",
)
FAMILY_ELEMENTS = ("ChengWei", "XingMing", "ChuShengRiQi", "ZhengZhiMianMao", "GongZuoDanWeiJiZhiWu")
LABELS = {
    "XingMing": "姓名", "XingBie": "性别", "ChuShengNianYue": "出生年月", "MinZu": "民族", "JiGuan": "籍贯",
    "ChuShengDi": "出生地", "RuDangShiJian": "入党时间", "CanJiaGongZuoShiJian": "参加工作时间",
    "JianKangZhuangKuang": "健康状况", "ZhuanYeJiShuZhiWu": "专业技术职务",
    "ShuXiZhuanYeYouHeZhuanChang": "熟悉专业有何专长",
    "QuanRiZhiJiaoYu_XueLi": "全日制教育学历", "QuanRiZhiJiaoYu_XueWei": "全日制教育学位",
    "ZaiZhiJiaoYu_XueLi": "在职教育学历", "ZaiZhiJiaoYu_XueWei": "在职教育学位", "XianRenZhiWu": "现任职务",
    "NiRenZhiWu": "拟任职务", "NiMianZhiWu": "拟免职务", "JianLi": "简历", "JiangChengQingKuang": "奖惩情况",
    "NianDuKaoHeJieGuo": "年度考核结果", "RenMianLiYou": "任免理由", "JiaTingChengYuan": "家庭成员",
    "ShenFenZheng": "身份证号", "ZhaoPian": "照片", "ChengBaoDanWei": "呈报单位", "DaoLingNianYue": "到龄年月",
    "GaiGeQianRenZhiNianLingJieXian": "改革前任职年龄界限",
}
VERSION = "3.2.1.6"
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_\-]+)[\"'][^>]*\?>", re.I)


@dataclass
class Form:
    """The values of one form, as text, keyed by element name; family as a list of dicts."""

    values: dict[str, str] = field(default_factory=dict)
    family: list[dict[str, str]] = field(default_factory=list)
    photo: bytes = b""
    extra: list[str] = field(default_factory=list)  # unknown elements met while reading


def write(form: Form) -> bytes:
    root = ET.Element("Person")
    for name in ELEMENTS:
        el = ET.SubElement(root, name)
        if name == "JiaTingChengYuan":
            for member in form.family:
                item = ET.SubElement(el, "Item")
                for sub in FAMILY_ELEMENTS:
                    ET.SubElement(item, sub).text = member.get(sub, "")
        elif name == "ZhaoPian":
            el.text = base64.b64encode(form.photo).decode("ascii") if form.photo else ""
        elif name == "Version":
            el.text = form.values.get("Version") or VERSION
        else:
            el.text = form.values.get(name, "")
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


# The encodings a 任免审批表 editor or a clerk's text editor writes. Anything else declared
# (a misspelling, or codecs Python has that are not character sets, such as "undefined",
# "rot13" or "unicode_escape") is refused by name rather than tried.
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-16": "utf-16", "utf-16le": "utf-16-le",
             "utf-16be": "utf-16-be", "gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030",
             "cp936": "gb18030", "x-gbk": "gb18030", "big5": "big5", "ascii": "ascii", "us-ascii": "ascii",
             "iso-8859-1": "latin-1", "latin1": "latin-1", "latin-1": "latin-1", "windows-1252": "cp1252"}


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeError:
            raise FileRefused(f"{source} 的文字编码有误（UTF-16 数据不完整）") from None
    m = _DECLARED.match(data)
    declared = m[1].decode("ascii").lower() if m else "utf-8"
    codec = ENCODINGS.get(declared.replace("_", "-"))
    if codec is None:
        raise FileRefused(f"{source} 声明了不支持的文字编码“{declared[:40]}”，"
                          "任免审批表应为 UTF-8 或 GBK 编码") from None
    try:
        return data.decode(codec)
    except UnicodeError:
        hint = "（看起来是 GBK 编码，但文件声明为 UTF-8）" if _looks_gbk(data) else ""
        raise FileRefused(f"{source} 的文字编码与声明的 {declared.upper()} 不符{hint}，无法读取。"
                          "请用任免审批表程序重新打开并保存后再导入") from None


def _looks_gbk(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def read(data: bytes, source: str) -> Form:
    """Element texts of an LRMX file; refuses anything that is not a safe <Person> document."""
    if len(data) > safety.MAX_XML_BYTES:
        raise FileRefused(f"{source} 过大（{len(data) / 2**20:.1f} MB），不像是任免审批表")
    text = _decode(data, source)
    # The declaration names the original encoding; the text is already decoded.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    try:
        root = SafeET.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise FileRefused(f"{source} 含有 DTD 或实体声明，任免审批表不会有这些内容，"
                          "可能是恶意构造的文件，已拒绝") from None
    except ET.ParseError as exc:
        line = getattr(exc, "position", (0, 0))[0]
        raise FileRefused(f"{source} 不是完整的 XML 文件（第 {line} 行有错误），可能已损坏或被截断") from None
    if root.tag != "Person":
        raise FileRefused(f"{source} 不是任免审批表文件（根元素是 <{root.tag}>，应为 <Person>）")
    form = Form()
    for child in root:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "JiaTingChengYuan":
            for item in child:
                member = {sub: _text(item.find(sub)) for sub in FAMILY_ELEMENTS}
                if any(member.values()):
                    form.family.append(member)
            form.values[tag] = ""
        elif tag == "ZhaoPian":
            form.photo = _photo(_text(child), source)
            form.values[tag] = ""
        elif tag in ELEMENTS:
            raw = "".join(child.itertext())
            # 简历 and the like keep their line breaks; single-line fields lose stray spaces.
            form.values[tag] = raw.strip("\r\n") if tag in MULTILINE else raw.strip()
        elif tag:
            form.extra.append(tag)
    return form


MULTILINE = frozenset({"JianLi", "JiangChengQingKuang", "NianDuKaoHeJieGuo", "RenMianLiYou"})


def _photo(text: str, source: str) -> bytes:
    if not text:
        return b""
    compact = "".join(text.split())
    if len(compact) * 3 // 4 > safety.MAX_PHOTO_BYTES:
        raise FileRefused(f"{source} 中的照片过大")
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise FileRefused(f"{source} 中的照片数据已损坏（不是有效的 base64）") from None
