"""The rotation planner (VD3): a proposal the CEO edits and decides, never a decision.

It balances the sizes of the business areas and spreads competence (the competence register
of KA6 when it holds entries, and senior consultants), explaining every proposed move. It
never proposes moving an area manager (P4: they are replaced first), the CEO, a person on
probation (their follow-ups stay with the manager who hired them) or a person who is
leaving; and it never touches who leads which client (P6): only area membership moves.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from ansvar.clients.models import Skill
from ansvar.org.models import BusinessArea, Organisation, Person
from ansvar.people.selectors import snapshot

SKILL_LEVEL = 3  # a competence counts from this level of the register


@dataclass(frozen=True)
class ProposedMove:
    person: Person
    from_area: BusinessArea
    to_area: BusinessArea
    reason_sv: str
    reason_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person.email,
            "from_area": self.from_area.slug,
            "to_area": self.to_area.slug,
            "explanation": {"sv": self.reason_sv, "en": self.reason_en},
        }


def _skills(people: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for person_id, name in Skill.objects.filter(
        person_id__in=people, level__gte=SKILL_LEVEL
    ).values_list("person_id", "name"):
        found.setdefault(person_id, set()).add(name)
    return found


def propose(organisation: Organisation, at: date, *, max_moves: int = 20) -> list[ProposedMove]:
    snap = snapshot(organisation, at)
    areas = {
        a.pk: a
        for a in BusinessArea.objects.filter(organisation=organisation)
        if (m := snap.manager_of_area.get(a.pk)) is not None
        and (snap.ceo is None or m.pk != snap.ceo.pk)
    }
    members: dict[int, list[int]] = {aid: [] for aid in areas}
    for pid, aid in snap.area_of.items():
        if aid in members and pid in snap.employed:
            members[aid].append(pid)
    if len(areas) < 2:
        return []
    skills = _skills([p for ids in members.values() for p in ids])

    def movable(pid: int) -> bool:
        e = snap.employed[pid]
        return (
            pid not in snap.managers
            and (snap.ceo is None or pid != snap.ceo.pk)
            and e.kind_on(at) != "probation"
            and e.last_day is None
        )

    def seniors(aid: int) -> int:
        return sum(snap.people[p].title == Person.Title.SENIOR for p in members[aid])

    def competences(aid: int) -> Counter[str]:
        return Counter(s for p in members[aid] for s in skills.get(p, ()))

    moved: set[int] = set()
    proposals: list[ProposedMove] = []

    def move(pid: int, src: int, dst: int, sv: str, en: str) -> None:
        members[src].remove(pid)
        members[dst].append(pid)
        moved.add(pid)
        proposals.append(ProposedMove(snap.people[pid], areas[src], areas[dst], sv, en))

    def spread(pid: int, src: int, dst: int) -> tuple[list[str], bool]:
        """Competences the move brings where they are missing without emptying the source."""
        have_src, have_dst = competences(src), competences(dst)
        brought = sorted(s for s in skills.get(pid, ()) if have_dst[s] == 0 and have_src[s] > 1)
        senior = snap.people[pid].title == Person.Title.SENIOR and seniors(src) > seniors(dst) + 1
        return brought, senior

    # 1. Balance the sizes: from the largest area to the smallest, one person at a time.
    while len(proposals) < max_moves:
        size = {aid: len(ids) for aid, ids in members.items()}
        src = max(size, key=lambda a: (size[a], areas[a].slug))
        dst = min(size, key=lambda a: (size[a], areas[a].slug))
        if size[src] - size[dst] <= 1:
            break
        options = [p for p in members[src] if movable(p) and p not in moved]
        if not options:
            break

        def score(pid: int, src: int = src, dst: int = dst) -> tuple[int, int, str]:
            brought, senior = spread(pid, src, dst)
            return (len(brought) + int(senior), -snap.people[pid].pk, snap.people[pid].email)

        pid = max(options, key=score)
        brought, senior = spread(pid, src, dst)
        a, b = areas[src], areas[dst]
        sv = f"{a.name} har {size[src]} personer och {b.name} {size[dst]}; flytten jämnar ut."
        en = f"{a.name} has {size[src]} people and {b.name} {size[dst]}; the move evens them."
        if brought:
            sv += f" Tar med kompetens som saknas i {b.name}: {', '.join(brought)}."
            en += f" Brings competence {b.name} lacks: {', '.join(brought)}."
        if senior:
            sv += f" Ger {b.name} en seniorkonsult."
            en += f" Gives {b.name} a senior consultant."
        move(pid, src, dst, sv, en)

    # 2. Spread competence between areas of equal size with a swap.
    for src in list(areas):
        for dst in list(areas):
            if src == dst or len(proposals) + 2 > max_moves:
                continue
            have_src, have_dst = competences(src), competences(dst)
            give = [
                p
                for p in members[src]
                if movable(p)
                and p not in moved
                and any(have_dst[s] == 0 and have_src[s] > 1 for s in skills.get(p, ()))
            ]
            back = [
                q
                for q in members[dst]
                if movable(q)
                and q not in moved
                and not any(have_dst[s] == 1 for s in skills.get(q, ()))
            ]
            if not give or not back:
                continue
            p, q = give[0], back[0]
            brought = sorted(s for s in skills.get(p, ()) if have_dst[s] == 0 and have_src[s] > 1)
            a, b = areas[src], areas[dst]
            move(
                p,
                src,
                dst,
                f"Sprider kompetens: {', '.join(brought)} finns hos flera i {a.name} men "
                f"saknas i {b.name}.",
                f"Spreads competence: {', '.join(brought)} is held by several in {a.name} "
                f"and missing in {b.name}.",
            )
            move(
                q,
                dst,
                src,
                f"Byte mot {snap.people[p].name} så att storlekarna står kvar.",
                f"Swapped with {snap.people[p].name} so that the sizes stay the same.",
            )
    return proposals


def moves_arg(proposals: list[ProposedMove]) -> str:
    """The proposal as the ``moves`` argument of decide_rotation (CLI form)."""
    return ",".join(f"{m.person.email}={m.to_area.slug}" for m in proposals)
