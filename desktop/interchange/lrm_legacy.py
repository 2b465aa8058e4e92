"""The legacy .lrm form (任免审批表 2.0): GBK text of quoted fields joined by "," with a
sibling .pic photo. Read only; the program writes LRMX.

Field order (0-based): 0 姓名, 1 性别, 2 出生年月, 3 民族, 4 籍贯, 5 入党时间, 6 健康状况,
7 出生地, 8 参加工作时间, 9 学历#学位@在职学历#在职学位, 10 院校#院校@在职院校#在职院校,
11 专业技术职务, 16 熟悉专业有何专长, 17 简历, 18 奖惩情况, 19 年度考核, 20-24 家庭成员
(称谓、姓名、出生日期、政治面貌、工作单位及职务, each '@'-separated), 25 现任职务, 26 拟任职务,
27 拟免职务, 28 任免理由, 29 呈报单位, 30 计算年龄时间, 31 填表人, 32 填表时间. The .lrm has no
身份证号, so matching falls back to 姓名 + 出生年月.
"""

from __future__ import annotations

from desktop.interchange.errors import FileRefused
from desktop.interchange.lrmx_format import Form

MIN_FIELDS = 29
SIMPLE = {0: "XingMing", 1: "XingBie", 2: "ChuShengNianYue", 3: "MinZu", 4: "JiGuan", 5: "RuDangShiJian",
          6: "JianKangZhuangKuang", 7: "ChuShengDi", 8: "CanJiaGongZuoShiJian", 11: "ZhuanYeJiShuZhiWu",
          16: "ShuXiZhuanYeYouHeZhuanChang", 17: "JianLi", 18: "JiangChengQingKuang", 19: "NianDuKaoHeJieGuo",
          25: "XianRenZhiWu", 26: "NiRenZhiWu", 27: "NiMianZhiWu", 28: "RenMianLiYou", 29: "ChengBaoDanWei"}


def _decode(data: bytes, source: str) -> str:
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRefused(f"{source} 的文字编码不是 GBK，无法作为旧版任免审批表（.lrm）读取") from None


def _pair(text: str) -> tuple[str, str, str, str]:
    full, _, part = text.partition("@")
    a, _, b = full.partition("#")
    c, _, d = part.partition("#")
    return a.strip(), b.strip(), c.strip(), d.strip()


def read(data: bytes, photo: bytes | None, source: str) -> Form:
    text = _decode(data, source).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise FileRefused(f"{source} 不是旧版任免审批表（.lrm）文件")
    fields = text[1:-1].split('","')
    if len(fields) < MIN_FIELDS:
        raise FileRefused(f"{source} 的内容不完整（只有 {len(fields)} 项，应有 33 项），可能已损坏")
    form = Form()
    for index, element in SIMPLE.items():
        if index < len(fields):
            form.values[element] = fields[index].strip("\n") if element == "JianLi" else fields[index].strip()
    xl, xw, zxl, zxw = _pair(fields[9])
    xly, xwy, zxly, zxwy = _pair(fields[10])
    form.values.update({
        "QuanRiZhiJiaoYu_XueLi": xl, "QuanRiZhiJiaoYu_XueWei": xw, "ZaiZhiJiaoYu_XueLi": zxl,
        "ZaiZhiJiaoYu_XueWei": zxw, "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": xly,
        "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": xwy, "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": zxly,
        "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": zxwy, "JiaTingChengYuan": "",
    })
    columns = [fields[i].split("@") if i < len(fields) else [] for i in range(20, 25)]
    for row in range(max((len(c) for c in columns), default=0)):
        member = [c[row].strip() if row < len(c) else "" for c in columns]
        if member[0] or member[1]:
            form.family.append(dict(zip(("ChengWei", "XingMing", "ChuShengRiQi", "ZhengZhiMianMao",
                                         "GongZuoDanWeiJiZhiWu"), member, strict=True)))
    form.photo = photo or b""
    return form
