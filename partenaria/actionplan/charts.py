"""The trend of an indicator as an inline SVG chart built in Python (AP2).

No JavaScript and no inline style (the CSP forbids both): presentation attributes only. The chart
is an image with a title and a description that say the figures in words; the page puts the data
table beside it, so that nothing is only visual (RGAA 1.3, 4.1).
"""

from decimal import ROUND_CEILING, Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 36, 40
PAD = 30  # keeps the first and last years off the edges
TARGET_COLOUR = "#6c4a00"
MEASURED_COLOUR = "#0b5ed7"
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#dee2e6"


def format_number(value: Decimal | None) -> str:
    """12.50 -> « 12,5 », 19.00 -> « 19 », in the language of the page."""
    if value is None:
        return "—"
    normalised = value.normalize() if isinstance(value, Decimal) else Decimal(value).normalize()
    exponent = normalised.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.number_format(normalised, decimal_pos=places, use_l10n=True, force_grouping=True)


def scale(maximum: Decimal) -> tuple[Decimal, int]:
    """(step, number of steps) of the vertical scale: a round step (1, 2 or 5 times a power of ten)
    and at most five steps reaching ``maximum``."""
    if maximum <= 0:
        return Decimal(1), 1
    raw = maximum / 5
    power = Decimal(10) ** raw.adjusted()
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    steps = int((maximum / step).to_integral_value(rounding=ROUND_CEILING))
    return step, max(steps, 1)


def description(indicator, values) -> str:
    parts = []
    for value in values:
        parts.append(
            _("%(year)s: target %(target)s, measured %(measured)s")
            % {
                "year": value.year,
                "target": format_number(value.target),
                "measured": format_number(value.measured),
            }
        )
    unit = _(" (unit: %(unit)s)") % {"unit": indicator.unit} if indicator.unit else ""
    if not parts:
        return str(_("No value recorded yet."))
    return "; ".join(parts) + unit + ". " + str(indicator.get_direction_display()) + "."


def indicator_chart(indicator, values, *, element_id: str) -> SafeString:
    """The SVG of an indicator's targets and measured values per year."""
    values = [v for v in values if v.target is not None or v.measured is not None]
    title = _("Trend of « %(name)s »: target and measured value per year") % {"name": indicator.name}
    desc = description(indicator, values)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{element_id}-title {element_id}-desc">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<desc id="{element_id}-desc">{escape(desc)}</desc>'
    )
    if not values:
        return mark_safe(head + "</svg>")  # noqa: S308  (every text in it went through escape())
    figures = [n for v in values for n in (v.target, v.measured) if n is not None]
    step, steps = scale(max(figures))
    top = step * steps
    years = [v.year for v in values]
    first, last = min(years), max(years)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        inner = plot_w - 2 * PAD
        return LEFT + PAD + (inner / 2 if first == last else inner * (year - first) / (last - first))

    def y(number: Decimal) -> float:
        return TOP + plot_h * (1 - float(number) / float(top))

    out = [head]
    # Scale: four horizontal lines with their value.
    for index in range(steps + 1):
        level = step * index
        yy = y(level)
        out.append(
            f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT_COLOUR}">'
            f"{escape(format_number(Decimal(level)))}</text>"
        )
    for year in years:
        out.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT_COLOUR}">{year}</text>'
        )

    def series(attr: str, colour: str, dash: str, marker: str) -> None:
        points = [
            (x(v.year), y(getattr(v, attr)), getattr(v, attr)) for v in values if getattr(v, attr) is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _n in points)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dashes}/>'
            )
        for px, py, number in points:
            if marker == "square":
                out.append(f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="{colour}"/>')
            else:
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{colour}"/>')
            offset = -9 if marker == "circle" else 17
            out.append(
                f'<text x="{px:.1f}" y="{py + offset:.1f}" text-anchor="middle" font-size="11" '
                f'fill="{colour}">{escape(format_number(number))}</text>'
            )

    series("target", TARGET_COLOUR, "6 4", "square")
    series("measured", MEASURED_COLOUR, "", "circle")
    # Legend.
    out.append(
        f'<rect x="{LEFT}" y="10" width="10" height="10" fill="{TARGET_COLOUR}"/>'
        f'<text x="{LEFT + 15}" y="19" font-size="12" fill="{TEXT_COLOUR}">{escape(_("Target (dashed)"))}</text>'
        f'<circle cx="{LEFT + 175}" cy="15" r="5" fill="{MEASURED_COLOUR}"/>'
        f'<text x="{LEFT + 185}" y="19" font-size="12" fill="{TEXT_COLOUR}">{escape(_("Measured"))}</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every text in it went through escape())
