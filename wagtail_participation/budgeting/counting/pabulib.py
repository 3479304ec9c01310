"""pabulib's ``.pb`` files (https://pabulib.org/format): read and write.

A file has three sections, ``META`` (``key;value`` lines), ``PROJECTS`` and ``VOTES``
(a header line, then one line each), fields separated by semicolons and lists inside a
field by commas. Reading is lenient as real files need: a missing ``key;value`` header,
decimal commas in costs, BOMs, blank lines; a gzipped file (``.pb.gz``) is read too.
Costs and the budget must be whole numbers (``ValueError`` otherwise).
"""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from .election import Election, Project

SECTIONS = ("META", "PROJECTS", "VOTES")


def _whole(text: str, what: str) -> int:
    try:
        number = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{what} is not a number: {text!r}") from None
    if number != number.to_integral_value():
        raise ValueError(f"{what} is not a whole number: {text!r}")
    return int(number)


def _text(fileobj: IO[Any]) -> str:
    data = fileobj.read()
    if isinstance(data, bytes):
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        data = data.decode("utf-8-sig")
    return data.lstrip("\ufeff")


def read_pb(fileobj: IO[Any]) -> tuple[Election, dict[str, str]]:  # noqa: C901
    """The election in a ``.pb`` file (text or binary, gzipped or not) and its META fields.

    Voter ids are dropped (ballots keep the file's order). Vote types ``approval``,
    ``choose-1`` (read as approval), ``cumulative`` and ``ordinal`` are read; others
    raise ``ValueError``."""
    sections: dict[str, list[list[str]]] = {name: [] for name in SECTIONS}
    current = None
    for row in csv.reader(io.StringIO(_text(fileobj)), delimiter=";"):
        if not row or not any(cell.strip() for cell in row):
            continue
        head = row[0].strip()
        if (
            head.upper() in SECTIONS
            and len(row) == 1
            or (head.upper() in SECTIONS and not any(c.strip() for c in row[1:]))
        ):
            current = head.upper()
            continue
        if current is None:
            raise ValueError("not a pabulib file: no META section")
        sections[current].append([cell.strip() for cell in row])
    meta: dict[str, str] = {}
    for row in sections["META"]:
        if row[0].lower() == "key" and len(row) > 1 and row[1].lower() == "value":
            continue
        meta[row[0]] = row[1] if len(row) > 1 else ""
    vote_type = meta.get("vote_type", "approval")
    if vote_type == "choose-1":
        vote_type = "approval"
    if vote_type not in ("approval", "cumulative", "ordinal"):
        raise ValueError(f"vote type {vote_type!r} is not counted here")
    if "budget" not in meta:
        raise ValueError("the META section has no budget")
    budget = _whole(meta["budget"], "the budget")
    projects = []
    rows = sections["PROJECTS"]
    if rows:
        header = [h.lower() for h in rows[0]]
        for row in rows[1:]:
            fields = dict(zip(header, row, strict=False))
            projects.append(
                Project(
                    id=fields["project_id"],
                    cost=_whole(fields["cost"], "a cost"),
                    name=fields.get("name", ""),
                )
            )
    ballots: list[dict[str, int]] = []
    rows = sections["VOTES"]
    if rows:
        header = [h.lower() for h in rows[0]]
        for row in rows[1:]:
            fields = dict(zip(header, row, strict=False))
            chosen = [pid.strip() for pid in fields.get("vote", "").split(",") if pid.strip()]
            if vote_type == "cumulative":
                points = [p for p in fields.get("points", "").split(",") if p.strip()]
                if len(points) != len(chosen):
                    raise ValueError("a ballot's points do not match its projects")
                ballot = {pid: _whole(p, "points") for pid, p in zip(chosen, points, strict=True)}
            elif vote_type == "ordinal":
                ballot = {pid: rank for rank, pid in enumerate(chosen, start=1)}
            else:
                ballot = dict.fromkeys(chosen, 1)
            ballots.append(ballot)
    election = Election(budget=budget, projects=projects, ballots=ballots, vote_type=vote_type)
    return election, meta


def _field(value: object) -> str:
    """A .pb field holds no separator or line break."""
    return " ".join(str(value).replace(";", ",").split())


def write_pb(election: Election, fileobj: IO[str], meta: dict[str, Any] | None = None) -> None:
    """``election`` as a ``.pb`` file (voters numbered 1, 2, ...: no real ids).

    ``meta`` adds META fields (``description``, ``country``, ``unit``, ``currency``...);
    ``num_projects``, ``num_votes``, ``budget`` and ``vote_type`` come from the election.
    A ``selected`` entry in ``meta`` (an iterable of project ids) fills the projects'
    ``selected`` column instead of going into META."""
    meta = dict(meta or {})
    selected = meta.pop("selected", None)
    fields = {
        "description": "",
        "country": "",
        "unit": "",
        "instance": "",
        **{k: v for k, v in meta.items() if v is not None},
        "num_projects": len(election.projects),
        "num_votes": len(election.ballots),
        "budget": election.budget,
        "vote_type": election.vote_type,
    }
    lines = ["META", "key;value"]
    lines += [f"{_field(key)};{_field(value)}" for key, value in fields.items()]
    votes = election.scores() if election.vote_type != "ordinal" else _counts(election)
    header = "project_id;cost;votes;name"
    chosen = None
    if selected is not None:
        chosen = set(selected)
        header += ";selected"
    lines += ["PROJECTS", header]
    for project in election.projects:
        line = f"{_field(project.id)};{project.cost};{votes[project.id]};{_field(project.name)}"
        if chosen is not None:
            line += f";{int(project.id in chosen)}"
        lines.append(line)
    lines.append("VOTES")
    lines.append("voter_id;vote;points" if election.vote_type == "cumulative" else "voter_id;vote")
    for number, ballot in enumerate(election.ballots, start=1):
        if election.vote_type == "ordinal":
            ids = sorted(ballot, key=lambda pid: ballot[pid])
            lines.append(f"{number};{','.join(ids)}")
        elif election.vote_type == "cumulative":
            ids = [pid for pid in ballot if ballot[pid]]
            lines.append(f"{number};{','.join(ids)};{','.join(str(ballot[i]) for i in ids)}")
        else:
            ids = [pid for pid in ballot if ballot[pid]]
            lines.append(f"{number};{','.join(ids)}")
    fileobj.write("\n".join(lines) + "\n")


def _counts(election: Election) -> dict[str, int]:
    """Ballots naming each project (pabulib's ``votes`` column for ordinal ballots)."""
    counts = {p.id: 0 for p in election.projects}
    for ballot in election.ballots:
        for pid in ballot:
            counts[pid] += 1
    return counts
