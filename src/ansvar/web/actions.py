"""Every web form that changes something posts here, and goes through ``perform``.

``action_panel`` gives a page what it needs to offer an action: a form built from the
action's argument list, or, when the viewer does not hold the right, the reason and the
person who decides (the greyed-out button). ``perform_view`` parses the post, calls
``perform`` and reports the decision, the refusal with its clause, or the bad field.
"""

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict, flatatt
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansvar.engine.errors import Conflict, InvalidInput, PolicyRefused
from ansvar.engine.facts import FactsCache
from ansvar.engine.registry import ACTIONS, Arg, can, holds_right, parse_args, perform, today
from ansvar.engine.targets import parse_target, resolve
from ansvar.org.models import BusinessArea, Client, Organisation, Person
from ansvar.policy.decision import Decision
from ansvar.web.answers import done_text, field_of, problem_text
from ansvar.web.confirm import IRREVERSIBLE, consequences
from ansvar.web.labels import ACTION_LABELS, ARG_LABELS, CHOICE_LABELS, pick
from ansvar.web.people import current_person


def _language() -> str:
    return get_language() or "sv"


class PageSnapshot:
    """What every panel of one page (one organisation, one date) shares: the engine's
    FactsCache and the choice list of area fields, each read once however many
    panels the page shows. Pass one to ``action_panel`` for each panel of a page; pages with
    panels on many targets (the CEO's proposals) can ``prime`` the rows they already read.
    For reads only: a post goes through ``perform``, which reads its facts afresh.
    """

    def __init__(self, organisation: Organisation, at: date) -> None:
        self.organisation = organisation
        self.at = at
        self.facts = FactsCache(organisation, at)
        self._areas: list[tuple[str, str]] | None = None

    def prime(self, objects: dict[str, Any]) -> None:
        """Rows by target label (``assignment:17``), and the facts of their clients."""
        self.facts.prime_objects(objects)
        clients = [o.client for o in objects.values() if hasattr(o, "client")]
        clients += [o for o in objects.values() if isinstance(o, Client)]
        self.facts.prime_clients(clients)

    def area_choices(self) -> list[tuple[str, str]]:
        if self._areas is None:
            areas = BusinessArea.objects.filter(organisation=self.organisation)
            self._areas = list(areas.values_list("slug", "name"))
        return self._areas


class ManySelect(forms.Select):
    """A select whose options are written in Python rather than through one template per
    option: the same elements, at a fraction of the cost when they are an organisation's
    thousands of people."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                key,
                " selected" if key in chosen else "",
                text,
            )
            for key, text in ((("" if v is None else str(v)), t) for v, t in self.choices)
        ]
        return format_html(
            "<select{}>\n{}\n</select>", flatatt(final), mark_safe("\n".join(options))
        )


_PERSON_FIELDS = itertools.count(1)


class PersonSearch(forms.TextInput):
    """A person field: a text input that takes the person's e-mail address, with suggestions
    as the person types. htmx asks ``people-search`` for the people whose name, e-mail or
    area matches and fills the input's datalist with them (the e-mail as the value, name and
    area as the label, so two with the same name are told apart), rather than a select of
    every employee. Without JavaScript it is a plain text input for the e-mail address."""

    def __init__(self) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", "size": 32})

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        element_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        # Panels of one page may share field ids; the list and the hint get their own.
        own = f"{element_id}-{next(_PERSON_FIELDS)}"
        listed, hint = f"{own}-people", f"{own}-hint"
        search = reverse("people-search") + "?" + urlencode({"falt": name})
        extra = {
            "id": element_id,
            "list": listed,
            "aria-describedby": hint,
            "hx-get": search,
            "hx-trigger": "input changed delay:200ms, search",
            "hx-target": f"#{listed}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
        rendered = super().render(name, value, {**(attrs or {}), **extra}, renderer)
        return format_html(
            '{}<datalist id="{}"></datalist><small id="{}" class="hint">{}</small>',
            rendered,
            listed,
            hint,
            _(
                "Skriv en del av namnet, e-postadressen eller området och välj, "
                "eller skriv e-postadressen."
            ),
        )


def _field(snapshot: PageSnapshot, arg: Arg) -> forms.Field:
    label = pick(ARG_LABELS.get(arg.name, (arg.name, arg.name)), _language())
    required = arg.required
    if arg.kind == "person":
        return forms.CharField(label=label, required=required, widget=PersonSearch())
    if arg.kind == "area":
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", "—"), *snapshot.area_choices()],
            widget=ManySelect,
        )
    if arg.kind == "choice":
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[(c, pick(CHOICE_LABELS.get(c, (c, c)), _language())) for c in arg.choices],
        )
    if arg.kind == "date":
        return forms.DateField(
            label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
        )
    if arg.kind == "int":
        return forms.IntegerField(label=label, required=required)
    if arg.kind == "decimal":
        return forms.DecimalField(label=label, required=required, decimal_places=2)
    if arg.kind == "bool":
        return forms.BooleanField(label=label, required=False)
    if arg.kind == "moves":
        return forms.CharField(label=label, required=required, widget=forms.Textarea({"rows": 4}))
    long_text = arg.name in {"summary", "notes", "reason", "answer"}
    widget = forms.Textarea({"rows": 3}) if long_text else forms.TextInput()
    return forms.CharField(label=label, required=required, widget=widget, max_length=5000)


def action_form(
    organisation: Organisation,
    action_name: str,
    at: date,
    *,
    fixed: dict[str, Any] | None = None,
    data: Any = None,
    snapshot: PageSnapshot | None = None,
    auto_id: str = "id_%s",
) -> forms.Form:
    """A form for the action's arguments; ``fixed`` ones are sent as hidden fields.
    ``auto_id`` names the elements' ids (one per form when a page shows several)."""
    spec = ACTIONS[action_name]
    snapshot = snapshot or PageSnapshot(organisation, at)
    fields: dict[str, forms.Field] = {}
    for arg in spec.args:
        if fixed and arg.name in fixed:
            fields[arg.name] = forms.CharField(widget=forms.HiddenInput(), initial=fixed[arg.name])
        else:
            fields[arg.name] = _field(snapshot, arg)
    form_class = type(f"{action_name.title().replace('_', '')}Form", (forms.Form,), fields)
    return form_class(data=data, prefix=None, auto_id=auto_id)


@dataclass
class Panel:
    """What a page shows for one action on one target."""

    action: str
    target: str
    label: str
    decision: Decision
    form: forms.Form | None
    # A page that shows several forms names each (``coaching-17``): the key prefixes the
    # form's element ids, and a failed post comes back to the form with the same key.
    key: str = ""

    @property
    def held(self) -> bool:
        return self.decision.allowed

    def keep(self, data: dict[str, Any], field: str = "", message: str = "") -> None:
        """Show the form again as it was posted, with ``message`` (if any) next to
        ``field``, or above the form when the field is not one the person filled in."""
        form = self.form
        if form is None:
            return
        form.data = data
        form.is_bound = True
        form.full_clean()
        # Only the engine's answer: Django's own checks of the same values would repeat it.
        form._errors = ErrorDict()  # type: ignore[attr-defined]
        if not message:
            return
        if field in form.fields and not form.fields[field].widget.is_hidden:
            form.add_error(field, message)
        else:
            label = pick(ARG_LABELS.get(field, (field, field)), _language()) if field else ""
            form.add_error(None, f"{label}: {message}" if label else message)


def action_panel(
    person: Person,
    action_name: str,
    target: str,
    at: date,
    *,
    fixed: dict[str, Any] | None = None,
    snapshot: PageSnapshot | None = None,
    key: str = "",
) -> Panel:
    """One action on one target for ``person``. Panels of one page should share a
    ``snapshot`` (same organisation and date): facts and choice lists are then read once.
    ``key`` names the panel's form when the page shows several, and lets a failed post come
    back to it (``restore``)."""
    if snapshot is None:
        snapshot = PageSnapshot(person.organisation, at)
    assert snapshot.at == at and snapshot.organisation.pk == person.organisation_id
    decision = holds_right(
        person.organisation, person, action_name, target, at=at, cache=snapshot.facts
    )
    auto_id = f"{key}-%s" if key else "id_%s"
    form = (
        action_form(
            person.organisation, action_name, at, fixed=fixed, snapshot=snapshot, auto_id=auto_id
        )
        if decision.allowed
        else None
    )
    label = pick(ACTION_LABELS.get(action_name, (action_name, action_name)), _language())
    return Panel(action_name, target, label, decision, form, key)


# A post from a keyed panel that failed: what was typed and the answer, until the page the
# form came from shows it again (``restore``). Kept in the poster's own session only.
FAILED = "ansvar-failed-form"


def restore(request: HttpRequest, panels: list[Panel]) -> None:
    """Give the panel a failed post came from its values back and the answer next to the
    field; a page calls it with its keyed panels. An answer no panel of the page can show
    (the right has gone meanwhile) becomes a message above the page."""
    failed = request.session.pop(FAILED, None)
    if not failed or failed.get("path") != request.path:
        return
    for panel in panels:
        if panel.key == failed["key"] and panel.action == failed["action"] and panel.form:
            panel.keep(failed["data"], failed["field"], failed["message"])
            return
    if failed["message"]:
        messages.error(request, failed["message"])


def failure_of(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """The failed post of the form ``key`` for this page, taken out of the session (for a
    page that builds that form itself rather than as a panel)."""
    failed = request.session.get(FAILED)
    if not failed or failed.get("path") != request.path or failed.get("key") != key:
        return None
    del request.session[FAILED]
    return dict(failed)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return "/"
    return target


@login_required
@require_POST
def perform_view(request: HttpRequest, action_name: str) -> HttpResponse:
    person = current_person(request)
    if person is None or action_name not in ACTIONS:
        return HttpResponseBadRequest("Okänd handling eller person. / Unknown action or person.")
    spec = ACTIONS[action_name]
    raw = {a.name: request.POST.get(a.name) for a in spec.args if a.name in request.POST}
    target = request.POST.get("target", "")
    # A NUL character cannot be stored in PostgreSQL (not even in the refusal log): name the
    # field instead of failing with a server error.
    with_nul = [
        name for name, value in [("target", target), *raw.items()] if "\x00" in (value or "")
    ]
    if with_nul:
        field = with_nul[0]
        label = pick(ARG_LABELS.get(field, (field, field)), _language())
        problem = _("innehåller ett otillåtet tecken (NUL)")
        messages.error(request, f"{label}: {problem}")
        return redirect(_back(request))
    if raw.get("moves"):
        lines = [line.strip() for line in str(raw["moves"]).splitlines() if line.strip()]
        raw["moves"] = ",".join(lines)
    # A keyed panel's post that fails comes back to its form, as typed, with the answer next
    # to the field; any other post's answer is a message above the page it returns to.
    key = request.POST.get("form", "")
    back = _back(request)
    if request.POST.get("edit") and key:
        # "Ändra" on a confirmation: back to the form as it was typed, nothing checked.
        _keep(request, back, key, action_name, "", "")
        return redirect(back)
    if action_name in IRREVERSIBLE and request.POST.get("confirmed") != "1":
        review = _review(request, person, action_name, target, raw)
        if isinstance(review, HttpResponse):
            return review
    seen = request.POST.get("seen", "")
    try:
        done = perform(
            person.organisation,
            person,
            action_name,
            target,
            raw,
            seen=int(seen) if seen.isdigit() and len(seen) < 19 else None,
        )
    except Conflict as conflict:
        messages.error(request, conflict_text(conflict))
    except PolicyRefused as refused:
        _answer_refused(request, back, key, action_name, refused.decision)
    except InvalidInput as error:
        _answer_invalid(request, back, key, action_name, error)
    else:
        d = done.decision
        what = done_text(done, _language()) or d.reason(_language())
        logged = _("loggat som nr")
        url = reverse("decision-log") + f"?handling={done.entry.action}#entry-{done.entry.seq}"
        messages.success(
            request, format_html('{} <a href="{}">({} {})</a>', what, url, logged, done.entry.seq)
        )
    return redirect(back)


def _review(
    request: HttpRequest, person: Person, action_name: str, target: str, raw: dict[str, Any]
) -> HttpResponse | None:
    """The confirmation of an irreversible decision: checked with ``can`` (nothing is
    written, not even a refusal), then what it will do and the same fields again with the
    confirm flag. A refusal or bad input goes back to the form as ``perform`` would send
    it; ``None`` when this decision needs no confirmation (``confirm.consequences``)."""
    organisation = person.organisation
    key = request.POST.get("form", "")
    back = _back(request)
    try:
        decision = can(organisation, person, action_name, target, raw)
        if decision.allowed:
            parsed = parse_args(organisation, ACTIONS[action_name], raw)
            obj = resolve(organisation, parse_target(target))
    except InvalidInput as error:
        _answer_invalid(request, back, key, action_name, error)
        return redirect(back)
    if not decision.allowed:
        _answer_refused(request, back, key, action_name, decision)
        return redirect(back)
    sentences = consequences(organisation, action_name, obj, parsed, today())
    if sentences is None:
        return None
    skip = {"csrfmiddlewaretoken", "confirmed", "edit"}
    fields = [(k, v) for k, v in request.POST.items() if k not in skip]
    label = pick(ACTION_LABELS.get(action_name, (action_name, action_name)), _language())
    return render(
        request,
        "ansvar/confirm.html",
        {
            "person": person,
            "action": action_name,
            "label": label,
            "sentences": sentences,
            "fields": fields,
            "keyed": bool(key),
            "back": back,
        },
    )


def conflict_text(conflict: Conflict) -> str:
    """Someone else was first: which decision (a link to it in the log) and, when the
    attempt is now refused, why."""
    if conflict.seq is None:
        text = _("Någon annan ändrade detta nyss. Läs sidan igen och försök på nytt om det behövs.")
    else:
        url = reverse("decision-log") + f"#entry-{conflict.seq}"
        text = format_html(
            '{} <a href="{}">{} {}</a>. {}',
            _("Någon annan ändrade detta nyss:"),
            url,
            _("beslut nr"),
            conflict.seq,
            _("Sidan visar nu läget; försök på nytt om det fortfarande behövs."),
        )
    if conflict.decision is not None:
        d = conflict.decision
        now = _("Nu gäller")
        text = format_html("{} {} ({}): {}", text, now, ", ".join(d.clauses), d.reason(_language()))
    return text


def _answer_refused(
    request: HttpRequest, back: str, key: str, action_name: str, d: Decision
) -> None:
    prefix = _("Nekat")
    text = f"{prefix} ({', '.join(d.clauses)}): {d.reason(_language())}"
    if key and d.about == "case":
        _keep(request, back, key, action_name, "", text)
    else:
        messages.error(request, text)


def _answer_invalid(
    request: HttpRequest, back: str, key: str, action_name: str, error: InvalidInput
) -> None:
    field = field_of(error)
    text = problem_text(error, _language())
    if key:
        _keep(request, back, key, action_name, field, text)
    else:
        label = pick(ARG_LABELS.get(field, (field, field)), _language()) if field else ""
        messages.error(request, f"{label}: {text}" if label else text)


def _keep(
    request: HttpRequest,
    back: str,
    key: str,
    action_name: str,
    field: str,
    message: str,
) -> None:
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    path = urlsplit(back).path
    request.session[FAILED] = {
        "path": path,
        "key": key,
        "action": action_name,
        "data": data,
        "field": field,
        "message": message,
    }
