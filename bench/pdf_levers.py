"""What the cheap levers on WeasyPrint change for the large progress report's PDF (AP3, CV10).

    .venv/bin/python bench/pdf_levers.py            # 5 rounds
    .venv/bin/python bench/pdf_levers.py --rounds 9

Builds the report of bench/report.py (200 actions, 50 indicators, 20 meetings) in its own SQLite file
(bench/data/pdf_levers.sqlite3), renders its HTML once with the product's template
(``documents.renderers.pdf.render_html``), then lays out and writes the PDF from that HTML with each
variant below, the variants interleaved round after round. Printed per variant: the median CPU time of
the process (less inflated than wall-clock time by other work on the machine), the number of pages,
and the number of Python function calls of one rendering under cProfile, a count of the work done
that does not depend on the machine's load. Nothing is written to RESULTS.md: the figures are quoted
in its hand-written part.
"""

import argparse
import cProfile
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import build, setup  # noqa: E402

SEPARATE_BORDERS = (
    "table { border-collapse: separate; border-spacing: 0; }"
    " th, td { border-width: 0 .5pt .5pt 0; } tr > :first-child { border-left-width: .5pt; }"
    " thead th { border-top-width: .5pt; }"
)


def with_css(html: str, css: str) -> str:
    return html.replace("</style>", css + "</style>", 1)


def with_column_widths(html: str, spec) -> str:
    """Fixed table layout, each column as wide as its longest text (at most 40 characters) says."""
    from partenaria.documents.blocks import Table

    tables = iter(block for block in spec.blocks if isinstance(block, Table))

    def colgroup(match: re.Match) -> str:
        table = next(tables)
        widths = [
            min(max(len(str(row[i])) for row in (table.headers, *table.rows)), 40) + 3
            for i in range(len(table.headers))
        ]
        cols = "".join(f'<col style="width: {100 * w / sum(widths):.1f}%">' for w in widths)
        return f"{match.group(0)}<colgroup>{cols}</colgroup>"

    html = re.sub(r'<table class="table table-sm">', colgroup, html)
    return with_css(html, "table { table-layout: fixed; }")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    setup("pdf_levers")
    from django.utils import translation

    from partenaria.documents.builders import collect_logos
    from partenaria.documents.renderers.pdf import render_html
    from partenaria.reports.builder import PROGRESS_REPORT

    _officer, report = build("large", actions=200, indicators=50, meetings=20)
    logos, _missing = collect_logos(PROGRESS_REPORT.organisations(report))
    with translation.override("fr"):
        spec = PROGRESS_REPORT.build(report, logos)
        html = render_html(spec)

    from weasyprint import HTML, URLFetcher
    from weasyprint.text.fonts import FontConfiguration

    fetcher = URLFetcher(allowed_protocols=["data"])
    shared_fonts = FontConfiguration()
    image_cache: dict = {}
    # (label, HTML, pdf_tags, extra options of write_pdf)
    variants = [
        ("as generated (tagged PDF)", html, True, {}),
        ("untagged PDF", html, False, {}),
        ("fixed table layout, column widths from the content", with_column_widths(html, spec), True, {}),
        ("separate borders instead of collapsed", with_css(html, SEPARATE_BORDERS), True, {}),
        ("no running header (logos)", html.replace('class="running-header"', "hidden"), True, {}),
        ('no "page N / M" counter', with_css(html, "@page { @bottom-right { content: none; } }"), True, {}),
        (
            "text aligned left, no orphans/widows",
            with_css(html, "p { text-align: left; orphans: 1; widows: 1; }"),
            True,
            {},
        ),
        (
            "one FontConfiguration and image cache for all renderings",
            html,
            True,
            {"font_config": shared_fonts, "cache": image_cache},
        ),
    ]

    def render(source: str, tags: bool, options: dict) -> int:
        document = HTML(string=source, url_fetcher=fetcher).render(pdf_tags=tags, **options)
        document.write_pdf(pdf_identifier=False, custom_metadata=False, pdf_tags=tags)
        return len(document.pages)

    render(html, True, {})  # warm-up: imports, fonts
    cpu: dict[str, list[float]] = {label: [] for label, *_ in variants}
    pages: dict[str, int] = {}
    for _ in range(args.rounds):
        for label, source, tags, options in variants:
            start = time.process_time()
            pages[label] = render(source, tags, options)
            cpu[label].append(time.process_time() - start)
    baseline_calls = None
    print("| variant | CPU s (median) | pages | Python calls | calls vs as generated |")
    print("|---|---:|---:|---:|---:|")
    for label, source, tags, options in variants:
        profiler = cProfile.Profile()
        profiler.runcall(render, source, tags, options)
        calls = pstats.Stats(profiler).total_calls
        baseline_calls = baseline_calls or calls
        print(
            f"| {label} | {statistics.median(cpu[label]):.2f} | {pages[label]} | {calls:,} "
            f"| {calls / baseline_calls - 1:+.0%} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
