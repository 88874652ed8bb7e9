"""Instead of a greyed-out form for each decision the viewer does not hold, one short line
per decider: who decides which of them, under which clauses, linked to "Vem bestämmer?".

Which panels go into the line is the rules' answer: a panel whose ``holds_right`` refusal
is about the right (``Decision.about == "right"``: someone else decides) rather than the
case. A refusal that names no decider (decided outside Ansvar) keeps its own panel, with
its reason.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ansvar.policy.decision import Party
from ansvar.web.actions import Panel
from ansvar.web.labels import ACTION_LABELS, ACTION_TOPICS, pick


@dataclass
class Decides:
    """One decider and the decisions of a page that are theirs (``labels``: what each is
    about, ``web.labels.ACTION_TOPICS``)."""

    decider: Party
    labels: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    # Each refusal's own reason, once, in the page's language (what the greyed-out panel
    # said): behind "Varför?" on the line.
    reasons: list[str] = field(default_factory=list)

    @property
    def topics(self) -> str:
        """The labels as one phrase: "a, b och c" ("a, b and c")."""
        if len(self.labels) < 2:
            return "".join(self.labels)
        return _("%(first)s och %(last)s") % {
            "first": ", ".join(self.labels[:-1]),
            "last": self.labels[-1],
        }


def split(panels: list[Panel]) -> tuple[list[Panel], list[Decides]]:
    """The panels to show (held, or refused without a decider) and, for the rest, who
    decides them, in the order the page lists the decisions."""
    shown: list[Panel] = []
    lines: dict[str, Decides] = {}
    language = get_language() or "sv"
    for panel in panels:
        decider = panel.decision.decider
        if panel.held or decider is None or panel.decision.about != "right":
            shown.append(panel)
            continue
        line = lines.setdefault(decider.email, Decides(decider))
        topic = ACTION_TOPICS.get(panel.action) or ACTION_LABELS.get(panel.action)
        label = pick(topic or (panel.action, panel.action), language)
        if label not in line.labels:
            line.labels.append(label)
        line.clauses.extend(c for c in panel.decision.clauses if c not in line.clauses)
        reason = panel.decision.reason(language)
        if reason not in line.reasons:
            line.reasons.append(reason)
    return shown, list(lines.values())


def who_decides_url(target: str) -> str:
    return reverse("who-decides") + "?" + urlencode({"q": target})
