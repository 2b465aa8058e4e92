from dataclasses import dataclass

from desktop.models.annual_text import as_written, parse_annual


@dataclass
class R:
    year: int
    grade: str
    note: str = ""


def test_a_form_s_wording_stands_while_it_states_the_results_on_file():
    results = [R(2022, "优秀"), R(2023, "称职"), R(2024, "优秀")]
    written = "2022年度优秀，2023年度称职，２０２４年度优秀"
    assert [r["year"] for r in parse_annual(written)] == [2022, 2023, 2024]
    assert as_written(written, results) == written
    assert as_written(written, [*results, R(2025, "称职")]) == (
        "2022年度考核优秀；2023年度考核称职；2024年度考核优秀；2025年度考核称职")
    assert as_written(written, results, lambda rs: "composed") == written
    assert as_written("", results, lambda rs: "composed") == "composed"
    assert as_written("近三年均为称职", []) == "近三年均为称职"
