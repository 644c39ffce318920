"""How prominent a consent layer's refuse button is beside its accept button (GR306).

The comparison is conservative: a refuse button counts as weaker only when two or more clear
signs agree (a text link beside a filled button, much lower, much smaller, smaller text, faint
text or fill, outside the first screen where the accept button is inside it); as prominent only when no sign is there and its style is at least the accept
button's; anything between goes to a person. Widths are compared loosely, as labels differ in
length ("Weigeren" beside "Alle cookies toestaan").
"""

from __future__ import annotations

from goudenregels.i18n import _
from goudenregels.snapshot import ConsentControl

EQUAL, WEAKER, UNSURE = "equal", "weaker", "unsure"

# A sign of a weaker button: below these ratios (refuse / accept).
HEIGHT_RATIO = 0.7
AREA_RATIO = 0.35
FONT_RATIO = 0.8
# Text contrast a reader can rely on (WCAG AA) and one that is faint beside it.
GOOD_CONTRAST = 4.5
FAINT_CONTRAST = 3.0
# A fill that stands out from the layer, and one that barely does.
CLEAR_FILL = 3.0
FAINT_FILL = 1.5


def style(control: ConsentControl) -> int:
    """2 for a filled button, 1 for an outlined one, 0 for a text link or plain text."""
    if control.filled:
        return 2
    return 1 if control.outlined else 0


def style_name(control: ConsentControl) -> str:
    return [_("a text link"), _("an outlined button"), _("a filled button")][style(control)]


def main_control(controls: list[ConsentControl], kind: str) -> ConsentControl | None:
    """The most prominent shown control of a kind: by style, then height, then size."""
    found = [c for c in controls if c.kind == kind and c.shown]
    if not found:
        return None
    return max(found, key=lambda c: (style(c), c.height, c.width * c.height))


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 1.0


def weaker_signs(accept: ConsentControl, reject: ConsentControl) -> list[str]:
    """What makes the refuse button clearly less visible than the accept button, in words."""
    signs = []
    if style(accept) == 2 and style(reject) == 0:
        signs.append(_("refusing is a text link, accepting a filled button"))
    if _ratio(reject.height, accept.height) < HEIGHT_RATIO:
        signs.append(
            _("the refuse button is lower ({r} px against {a} px)").format(
                r=reject.height, a=accept.height
            )
        )
    area = _ratio(reject.width * reject.height, accept.width * accept.height)
    if area < AREA_RATIO:
        signs.append(
            _("the refuse button is {pct}% of the accept button's size").format(
                pct=round(area * 100)
            )
        )
    if reject.font_px and _ratio(reject.font_px, accept.font_px) <= FONT_RATIO:
        signs.append(
            _("its text is smaller ({r} px against {a} px)").format(
                r=f"{reject.font_px:g}", a=f"{accept.font_px:g}"
            )
        )
    if reject.contrast and reject.contrast < FAINT_CONTRAST <= GOOD_CONTRAST <= accept.contrast:
        signs.append(
            _("its text is faint (contrast {r}:1 against {a}:1)").format(
                r=f"{reject.contrast:g}", a=f"{accept.contrast:g}"
            )
        )
    if (
        reject.filled
        and accept.filled
        and 0 < reject.fill_contrast < FAINT_FILL
        and accept.fill_contrast >= CLEAR_FILL
    ):
        signs.append(_("its colour barely stands out from the banner"))
    if accept.in_view and not reject.in_view:
        signs.append(
            _(
                "the refuse button is outside the first screen: the visitor scrolls to find it, "
                "not to accept"
            )
        )
    return signs


def compare(accept: ConsentControl, reject: ConsentControl) -> tuple[str, list[str]]:
    """(EQUAL, WEAKER or UNSURE, the differences seen in words)."""
    signs = weaker_signs(accept, reject)
    if len(signs) >= 2:
        return WEAKER, signs
    if not signs and style(reject) >= style(accept):
        return EQUAL, []
    if not signs:
        signs = [
            _("accepting is {accept}, refusing {reject}").format(
                accept=style_name(accept), reject=style_name(reject)
            )
        ]
    return UNSURE, signs


def describe(control: ConsentControl) -> str:
    """'‘Weigeren’: a filled button, 128 × 42 px, 16 px text, contrast 6.6:1'."""
    where = "" if control.in_view else _(", outside the first screen")
    return (
        _("‘{text}’: {style}, {w} × {h} px, {font} px text, contrast {contrast}:1").format(
            text=control.text,
            style=style_name(control),
            w=control.width,
            h=control.height,
            font=f"{control.font_px:g}",
            contrast=f"{control.contrast:g}",
        )
        + where
    )
