"""A small, deterministic fuzz of the parsers (the full run is bench/fuzz_inputs.py): whatever
hypothesis makes of a valid file, each parser either reads it or refuses it with a
FrontlineError; any other exception would reach the clerk as an internal error."""

from __future__ import annotations

import base64
import contextlib
import tempfile
import zipfile
from pathlib import Path

import pytest
import reportlab
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import fuzz_mutations as mut
from desktop import safe_read
from desktop.errors import FrontlineError
from desktop.interchange import lrm_legacy, lrmx_format
from desktop.interchange.incoming import Where
from desktop.interchange.lrmx_map import incoming_of
from desktop.interchange.sources import read_any
from desktop.interchange.vocab import Vocabulary
from desktop.reports.layout import fontfiles
from desktop.services.exchange.packages.export import check_manifest, decode_manifest, encode_manifest
from desktop.services.units.codes import shipped_codes
from desktop.store.kdf import KdfParams
from tests.interchange.test_hostile_files import EXCEL_PARTS
from tests.interchange.test_lrmx import legacy_lrm

VOCAB = Vocabulary(shipped_codes())
FAST = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FORM = lrmx_format.write(lrmx_format.Form(
    values={"XingMing": "张三", "XingBie": "男", "ChuShengNianYue": "1975.03", "MinZu": "汉族",
            "JianLi": "1993.09--1997.07  南京大学经济学专业学习\n1997.07--  某市发展改革委科员",
            "JiangChengQingKuang": "2019年度嘉奖", "NianDuKaoHeJieGuo": "2021年度称职",
            "ShenFenZheng": "110101197503071234"},
    family=[{"ChengWei": "妻子", "XingMing": "李梅", "ChuShengRiQi": "1976.01", "ZhengZhiMianMao": "群众",
             "GongZuoDanWeiJiZhiWu": "教师"}]))
WORKBOOK = [(zipfile.ZipInfo(name), content.encode()) for name, content in EXCEL_PARTS.items()]


def _read_or_refuse(read) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(FrontlineError):
        read()


@FAST
@given(mut.xml_of(FORM))
def test_lrmx_reader(data: bytes):
    def read() -> None:
        form = lrmx_format.read(data, "x.lrmx")
        incoming_of(form, Where("x.lrmx"), VOCAB)
    _read_or_refuse(read)


@FAST
@given(mut.bytes_of(legacy_lrm()))
def test_legacy_lrm_reader(data: bytes):
    def read() -> None:
        incoming_of(lrm_legacy.read(data, None, "x.lrm"), Where("x.lrm"), VOCAB)
    _read_or_refuse(read)


@FAST
@given(mut.zip_of(WORKBOOK))
def test_workbook_reader(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xlsx"
        path.write_bytes(data)
        _read_or_refuse(lambda: read_any(path, VOCAB))


@FAST
@given(mut.json_values)
def test_kdf_parameters_from_any_json(value: object):
    try:
        params = KdfParams.from_json(value)
    except ValueError:
        return
    assert params.within_bounds()


MANIFESTS = st.one_of(
    mut.json_values,  # not even {"zlib": …}
    mut.json_values.map(encode_manifest),  # well packed, any content
    st.binary(max_size=100).map(lambda b: {"zlib": base64.b64encode(b).decode()}),  # not zlib
    st.text(max_size=50).map(lambda t: {"zlib": t}),  # not base64
)


@FAST
@given(MANIFESTS)
def test_package_manifest_decoder(value: object):
    with contextlib.suppress(ValueError):
        check_manifest(decode_manifest(value))


VERA = (Path(reportlab.__file__).parent / "fonts" / "Vera.ttf").read_bytes()


@FAST
@given(mut.bytes_of(VERA))
def test_font_discovery(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.ttf"
        path.write_bytes(data)
        with contextlib.suppress(fontfiles.FontFileError):
            fontfiles.faces(path)


@FAST
@given(st.one_of(mut.json_of(b'{"a": {"failures": 3, "last": 1.5}}'), st.binary(max_size=200)))
def test_json_state_files(data: bytes):
    with contextlib.suppress(ValueError):
        safe_read.parse_json(data)


@pytest.mark.parametrize("depth", [10_000, 1_000_000])
def test_deeply_nested_json_is_a_value_error_not_a_recursion_error(depth: int):
    for text in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        with pytest.raises(ValueError, match="nested too deeply"):
            safe_read.parse_json(text)
