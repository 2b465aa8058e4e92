import base64
import xml.etree.ElementTree as ET

import pytest

from desktop.interchange import lrm_legacy, lrmx_format
from desktop.interchange.errors import FileRefused
from desktop.interchange.incoming import Where
from desktop.interchange.lrmx_map import incoming_of
from desktop.interchange.resume_parse import parse_resume, split_school
from desktop.interchange.vocab import Vocabulary
from desktop.models.dates import PartialDate
from desktop.services.units.codes import shipped_codes

VOCAB = Vocabulary(shipped_codes())


def test_writer_emits_every_element_in_order_empty_ones_too():
    data = lrmx_format.write(lrmx_format.Form(values={"XingMing": "张三"}, family=[{"ChengWei": "妻子"}]))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(data)
    assert [child.tag for child in root] == list(lrmx_format.ELEMENTS)
    assert [c.tag for c in root.find("JiaTingChengYuan/Item")] == list(lrmx_format.FAMILY_ELEMENTS)
    assert root.findtext("Version") == "3.2.1.6"


REAL_WORLD = """\ufeff<?xml version="1.0" encoding="UTF-8"?>
<Person>
  <XingMing> 张三 </XingMing>
  <XingBie>女</XingBie>
  <ChuShengNianYue>1949.12</ChuShengNianYue>
  <MinZu>汉族</MinZu>
  <RuDangShiJian>19750601</RuDangShiJian>
  <CanJiaGongZuoShiJian>1970.08</CanJiaGongZuoShiJian>
  <QuanRiZhiJiaoYu_XueLi>本科</QuanRiZhiJiaoYu_XueLi>
  <QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>厦门大学经济系</QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>
  <XianRenZhiWu>海滨市财政局局长</XianRenZhiWu>
  <JianLi>1966.09-1970.07 厦门大学经济系学习
1970.08—2003.03  海滨市财政局科员、科长、副局长
2003.03--  海滨市财政局局长</JianLi>
  <NianDuKaoHeJieGuo>2021、2022年度考核称职，2023年度考核优秀</NianDuKaoHeJieGuo>
  <JiaTingChengYuan><Item><ChengWei>丈夫</ChengWei><XingMing>李四</XingMing><ChuShengRiQi>194805</ChuShengRiQi>
    <ZhengZhiMianMao>群众</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>退休</GongZuoDanWeiJiZhiWu></Item></JiaTingChengYuan>
  <ShenFenZheng>11010519491231002x</ShenFenZheng>
  <DaoLingNianYue>201412</DaoLingNianYue>
  <GaiGeQianRenZhiNianLingJieXian/>
  <BeiZhu>另一种编辑器的项目</BeiZhu>
</Person>
"""


def test_real_world_variants_are_read():
    form = lrmx_format.read(REAL_WORLD.encode("utf-8"), "张三.lrmx")
    assert form.extra == ["BeiZhu"]
    item = incoming_of(form, Where("张三.lrmx"), VOCAB)
    assert item.errors == []
    assert item.fields["name"] == "张三"
    assert item.fields["citizen_id"] == "11010519491231002X"
    assert item.fields["birth"] == PartialDate(1949, 12)
    assert item.fields["party_joined"] == PartialDate(1975, 6, 1)
    assert item.fields["political_status"] == "中共党员"
    assert [(w["start"], w["description"]) for w in item.resume.work][-1] == (PartialDate(2003, 3), "海滨市财政局局长")
    study = item.resume.studies[0]
    assert (study["school"], study["major"], study["education"]) == ("厦门大学", "经济系", "大学")
    assert [(r["year"], r["grade"]) for r in item.upserts["annual_results"]] == [
        (2021, "称职"), (2022, "称职"), (2023, "优秀")]
    assert item.records["family"][0]["birth"] == PartialDate(1948, 5)
    assert item.fields["retirement_due"] == PartialDate(2014, 12)  # the reform's fields are read
    assert item.fields["pre_reform_age_limit"] == ""
    assert any("BeiZhu" in w for w in item.warnings)


def test_generated_resume_lines_come_back_exactly():
    text = ("1993.09--1997.07  厦门大学经济学院财政学专业学习\n"
            "1997.08--2005.03  海滨市财政局预算科科员\n"
            "2005.03--         海滨市财政局局长\n"
            "（其间：2008.09--2011.07在福建省委党校在职研究生班政治经济学专业在职研究生学习）")
    resume = parse_resume(text)
    assert resume.exact
    assert [s["mode"] for s in resume.studies] == ["全日制", "在职"]
    assert resume.studies[1]["education"] == "研究生"
    assert resume.work[-1]["end"] is None


def test_unreadable_resume_lines_make_the_parse_inexact():
    assert not parse_resume("自幼聪明好学\n1990.09--1994.07 某大学学习").exact


def test_school_names_are_split_from_the_department():
    assert split_school("中国科学院大学物理学专业") == ("中国科学院大学", "物理学专业")
    assert split_school("中央党校函授学院经济管理专业") == ("中央党校函授学院", "经济管理专业")
    assert split_school("海滨大学城建学院规划专业", ["海滨大学城建学院"]) == ("海滨大学城建学院", "规划专业")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Person><XingMing>&lol3;</XingMing></Person>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Person><XingMing>&x;</XingMing></Person>"""


@pytest.mark.parametrize(("data", "message"), [
    (BOMB, "实体声明"),
    (EXTERNAL, "实体声明"),
    (b'<?xml version="1.0" encoding="UTF-8"?><Person><XingMing>\xd5\xc5\xc8\xfd</XingMing></Person>', "编码"),
    (b'<?xml version="1.0" encoding="UTF-8"?><Person><XingMing>Zhang', "截断"),
    (b"<Root><XingMing>x</XingMing></Root>", "Person"),
    (b'<?xml version="1.0" encoding="UTF-8"?><Person><ZhaoPian>@@@not base64</ZhaoPian></Person>', "照片"),
])
def test_hostile_and_broken_lrmx_are_refused_clearly(data, message):
    with pytest.raises(FileRefused, match=message):
        lrmx_format.read(data, "x.lrmx")


def test_declared_gbk_is_read():
    data = '<?xml version="1.0" encoding="GBK"?><Person><XingMing>张三</XingMing></Person>'.encode("gbk")
    assert lrmx_format.read(data, "x.lrmx").values["XingMing"] == "张三"


def test_photo_round_trips_as_base64():
    jpeg = b"\xff\xd8\xff\xe0fake-jpeg"
    form = lrmx_format.read(lrmx_format.write(lrmx_format.Form(values={"XingMing": "张三"}, photo=jpeg)), "x")
    assert form.photo == jpeg
    assert base64.b64encode(jpeg).decode() in lrmx_format.write(form).decode()


def legacy_lrm(name: str = "王五") -> bytes:
    fields = [""] * 33
    fields[:9] = [name, "男", "197005", "汉族", "福建厦门", "199506", "健康", "福建厦门", "199207"]
    fields[9] = "大学#经济学学士@研究生#"
    fields[10] = "厦门大学经济学院经济学专业#厦门大学经济学院经济学专业@福建省委党校经济管理专业#"
    fields[17] = "1988.09--1992.07  厦门大学经济学院经济学专业学习\n1992.07--         海滨市财政局科员"
    fields[19] = "2023年度考核优秀"
    fields[20:25] = ["妻子@儿子", "李梅@王小", "197203@199805", "群众@共青团员", "教师@学生"]
    fields[25] = "海滨市财政局科员"
    return ('"' + '","'.join(fields) + '"\r\n').encode("gbk")


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (10, 14), "white").save(out, "JPEG")
    return out.getvalue()


def test_legacy_lrm_is_read_from_gbk():
    photo = _jpeg()
    form = lrm_legacy.read(legacy_lrm(), photo, "王五.lrm")
    item = incoming_of(form, Where("王五.lrm"), VOCAB)
    assert item.fields["name"] == "王五" and item.fields["birth"] == PartialDate(1970, 5)
    assert [m["name"] for m in item.records["family"]] == ["李梅", "王小"]
    assert item.photo == photo  # a JPEG is kept byte for byte


def test_a_photo_that_does_not_decode_is_left_out_with_a_warning():
    form = lrm_legacy.read(legacy_lrm(), b"\xff\xd8\xff\xe0 not really a jpeg", "王五.lrm")
    item = incoming_of(form, Where("王五.lrm"), VOCAB)
    assert item.photo is None and "照片不是可识别的图片，已忽略" in item.warnings
    assert item.resume is not None and item.resume.work[0]["description"] == "海滨市财政局科员"


def test_lrm_in_the_wrong_encoding_is_refused():
    with pytest.raises(FileRefused, match="GBK"):
        lrm_legacy.read(b'"\xff\xfe\xff","x"', None, "x.lrm")
    with pytest.raises(FileRefused, match="不完整"):
        lrm_legacy.read('"张三","男"'.encode("gbk"), None, "x.lrm")
