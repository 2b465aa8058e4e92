"""The tests' LibreOffice (tests/office.py) survives its own crash: a job sent to an office
that died is done by a new one, so a crash on a loaded machine does not fail Word tests."""

from __future__ import annotations

from docx import Document


def test_a_job_sent_to_a_killed_office_is_done_by_a_restarted_one(office, tmp_path) -> None:
    doc = Document()
    doc.add_paragraph("重启后仍能转换")
    source = tmp_path / "after-crash.docx"
    doc.save(str(source))
    starts = office.starts
    office.kill()

    (pdf,) = office.to_pdf(source)

    assert pdf.read_bytes().startswith(b"%PDF")
    assert office.starts == starts + 1
    assert office.process.poll() is None
