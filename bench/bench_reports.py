"""Report layout speed against a bare reportlab document, and the time to gather report data.

For each report: the time to lay it out (content already gathered) against a bare reportlab
document with the same number of pages built in the same run (one line of Helvetica per
page: what PDF writing alone costs), as a ratio. The front-line reports (综合分析报告 of a
cadre with campaign records, 阶段性/专项/应急考核分析报告, 民主测评结果统计表 per cadre and per
unit) also print the time to gather their data, and so do BENCH_FORMS (default 1,000) 任免审批表
and 综合分析报告 (their front-line records in fixed queries). The issue's goals for reports
(P5a against a replay of the same drawing, P5b the batch's speed-up) are bench_files_reports.py.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.common import PASSWORD, demo_database, timed


def bare(pages: int) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def bare_cjk(pages: int, font: str) -> bytes:
    """The same, with a line of Chinese in an embedded CJK TrueType subset on each page."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, initialFontName=font)
    for n in range(pages):
        c.setFont(font, 16)
        c.drawString(72, 720, f"干部任免审批表第{n + 1}页")
        c.showPage()
    c.save()
    return buf.getvalue()


def front_line_cases(ws):  # type: ignore[no-untyped-def]
    """Requests for the reports made from campaign records, on the demo's busiest subjects."""
    from sqlalchemy import func, select

    from desktop.models import BallotBatch, Post, Sheet
    from desktop.services.campaigns import campaigns
    from desktop.services.reports import report_data

    with ws.read("bench.inspect") as s:
        rows = campaigns.listing(s)
        emergency = next(r.id for r in rows if r.kind == "应急")
        busiest = max((r for r in rows if r.kind != "应急"), key=lambda r: r.cadres).id
        rated = s.scalar(select(Sheet.cadre_id).group_by(Sheet.cadre_id).order_by(func.count().desc()).limit(1))
        voted = s.scalar(select(BallotBatch.cadre_id).limit(1))
        unit = s.scalar(select(Post.unit_id).where(Post.cadre_id == voted, Post.end.is_(None)).limit(1))
    return {
        "comprehensive+": report_data.Request("comprehensive", cadre_id=rated),
        "stage": report_data.Request("stage", campaign_id=busiest),
        "special": report_data.Request("special", campaign_id=busiest),
        "emergency": report_data.Request("emergency", campaign_id=emergency),
        "tally-cadre": report_data.Request("democratic-tally", cadre_id=voted),
        "tally-unit": report_data.Request("democratic-tally", unit_id=unit),
    }


def best_of(fn, rounds: int = 5) -> float:  # type: ignore[no-untyped-def]
    return min(timed(fn) for _ in range(rounds))


def main() -> None:
    from desktop.reports.briefing import BriefingInput
    from desktop.reports.layout.glyphs import book_for
    from desktop.reports.layout.stamp import Stamp
    from desktop.reports.render import render
    from desktop.services.reports import report_data
    from desktop.services.workspace import Workspace

    forms = int(os.environ.get("BENCH_FORMS", "1000"))
    db = demo_database(max(forms, 1000))
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        ctx = report_data.Context(dt.date.today(), "基准测试", "中共海滨市委组织部")
        stamp = Stamp("2025-000001", "2025-06-01 10:23", "内部资料", "基准测试 2025-06-01 10:23")
        book_for()  # fonts loaded once, as in any long-running process
        para = "（一）坚持问题导向。" + "考核组深入重大片区指挥部一线，与干部同吃同住同劳动。" * 6
        body = "\n".join(["一、主要做法", para] * 4)
        cases = {
            "adform": report_data.Request("adform", cadre_id=1),
            "comprehensive": report_data.Request("comprehensive", cadre_id=1),
            "annual-register": report_data.Request("annual-register", cadre_id=1),
            "briefing": report_data.Request("briefing", briefing=BriefingInput("经验类", "一线考核经验", body)),
            **front_line_cases(ws),
        }
        contents = {}
        with ws.read("bench.inspect") as s:
            for key, request in cases.items():
                started = time.perf_counter()
                contents[key] = report_data.gather(s, request, ctx)[0]
                if key not in ("adform", "comprehensive", "annual-register", "briefing"):
                    print(f"gather {key}: {(time.perf_counter() - started) * 1000:.1f} ms")
        for key, content in contents.items():
            word = ("adform", "comprehensive", "comprehensive+", "stage", "special", "emergency")
            for fmt in ("pdf", "docx") if key in word else ("pdf",):
                made = render(content, stamp, fmt)
                took = best_of(lambda c=content, f=fmt: render(c, stamp, f))
                pages = made.pages or 2
                base = best_of(lambda p=pages: bare(p))
                cjk = best_of(lambda p=pages: bare_cjk(p, book_for().font("song")))
                print(f"{key:<16} {fmt:<4} {made.pages or '-':>2} 页  {took * 1000:7.1f} ms  "
                      f"bare reportlab {pages} 页 {base * 1000:5.1f} ms (ratio {took / base:5.1f}x), "
                      f"with a CJK subset {cjk * 1000:5.1f} ms (ratio {took / cjk:4.1f}x)")
        ids = list(range(1, forms + 1))
        with ws.read("bench.inspect") as s:
            started = time.perf_counter()
            report_data.gather_many(s, "adform", ids, ctx)
            print(f"gather {forms} 任免审批表: {time.perf_counter() - started:.2f} s")
            started = time.perf_counter()
            report_data.gather_many(s, "comprehensive", ids, ctx)
            print(f"gather {forms} 综合分析报告 (with front-line records): {time.perf_counter() - started:.2f} s")
        # The batch's speed-up with two workers is P5b of bench_files_reports.py.
    finally:
        ws.close()


if __name__ == "__main__":
    main()
