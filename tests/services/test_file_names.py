"""Names taken from the database stay in the folder the user chose and never replace a file."""

import os
from pathlib import Path

import pytest

from desktop.services.file_names import unique_in


def test_a_taken_name_gets_a_number(tmp_path: Path):
    (tmp_path / "报告.pdf").write_bytes(b"x")
    assert unique_in(tmp_path, "报告.pdf") == tmp_path / "报告 (2).pdf"
    assert unique_in(tmp_path, "新.pdf", {"新.pdf"}) == tmp_path / "新 (2).pdf"


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need rights on Windows")
def test_a_dangling_link_is_taken_not_replaced(tmp_path: Path):
    (tmp_path / "附件.doc").symlink_to(tmp_path / "gone" / "x.doc")
    assert unique_in(tmp_path, "附件.doc") == tmp_path / "附件 (2).doc"
    assert (tmp_path / "附件.doc").is_symlink()
