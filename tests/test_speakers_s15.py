"""Stop-15 speaker rules (issue 11): constructions, each on made-up sentences.

Every case is one article and the ``speaker_name`` of each of its ledger rows in text
order, as a reader would give them (``None``: the article does not name the speaker).
The cases that must stay ``None`` guard against a rule that turns an unresolved
speaker into a wrong name. The beats vary on purpose (politics, sport, business,
health, conflict) so that a rule fitted to one gold sentence shows up as a failure.
"""

from __future__ import annotations

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.sources.attribution import ledger

CASES = {
    # --- a title before a name is a role, named by its head noun, whatever its words
    "title_adviser": (
        "The talks ended on Friday.\n\n"
        "National Security Adviser Karen Holt said the deal was close.\n",
        ["Karen Holt"],
    ),
    "title_coordinator": (
        "Aid reached the valley on Monday.\n\n"
        "Regional Flood Relief Coordinator Tomas Berg said more trucks were coming.\n",
        ["Tomas Berg"],
    ),
    "title_editor": (
        'Sales of the magazine fell.\n\n"We will fight on," said Deputy Editor Mia Lund.\n',
        ["Mia Lund"],
    ),
    # a lower-case role word between a place or team and the name
    "team_doctor_name": (
        'Dan Price limped off in the second half.\n\n"He has a fracture," said Wales '
        "doctor Owen Rees.\n",
        ["Owen Rees"],
    ),
    "based_activist_name": (
        'Shelling hit the market again.\n\n"Many were killed," said Homs-based activist '
        "Abu Salim.\n",
        ["Abu Salim"],
    ),
    # the role words alone name nobody
    "title_alone_is_nobody": (
        "The board met on Monday.\n\nThe Chief Financial Officer said costs had risen.\n",
        [None],
    ),
}


@pytest.fixture(scope="module")
def led(tmp_path_factory):
    folder = tmp_path_factory.mktemp("s15_speakers")
    for name, (text, _) in CASES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return ledger(cu.load_corpus(folder, progress=False))


@pytest.mark.parametrize("doc", sorted(CASES))
def test_speakers_found_by_the_stop15_rules(led, doc):
    rows = led[led["doc_id"] == doc].sort_values("statement_id")
    got = [None if pd.isna(s) else s for s in rows["speaker_name"]]
    assert got == CASES[doc][1]
