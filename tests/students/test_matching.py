"""The matching rules as plain functions: no database."""

import itertools
import random

from students.matching import (
    DEPARTMENT,
    FACULTY,
    GENERAL,
    NONE,
    PROGRAMME,
    Candidate,
    Pool,
    ProgrammeRecord,
    choose,
    keeps_librarian,
)

CHEM = ProgrammeRecord(
    code="BSC-CHEM",
    name="BSc Chemistry",
    department_id=1,
    department_name="Chemistry",
    faculty_id=10,
    faculty_name="Faculty of Science",
)
BIOCHEM = ProgrammeRecord(
    "BSC-BIOCHEM", "BSc Biochemistry", 1, "Chemistry", 10, "Faculty of Science"
)
HISTORY = ProgrammeRecord("BA-HIST", "BA History", 2, "History", 20, "Faculty of Arts")


def liaison(id, programmes=("BSC-CHEM",), departments=(1,), faculties=(10,), **kwargs):
    kwargs.setdefault("capacity", 10)
    return Candidate(
        id=id,
        name=f"Librarian {id}",
        programmes=frozenset(programmes),
        departments=frozenset(departments),
        faculties=frozenset(faculties),
        **kwargs,
    )


def run(pool, programme, n):
    return [pool.match(programme).liaison_id for _ in range(n)]


def test_choose_prefers_the_programme_librarian_and_says_why():
    result = choose(CHEM, [liaison(1, programmes=()), liaison(2)])
    assert result.liaison_id == 2
    assert result.level == PROGRAMME
    assert result.reason == "serves BSc Chemistry"


def test_balance_equal_capacities_never_differ_by_more_than_one():
    pool = Pool([liaison(1), liaison(2), liaison(3)])
    for n in range(1, 25):
        pool.match(CHEM)
        loads = list(pool.loads.values())
        assert max(loads) - min(loads) <= 1, (n, loads)


def test_balance_starts_from_existing_loads():
    pool = Pool([liaison(1, load=5), liaison(2, load=0)])
    assert run(pool, CHEM, 5) == [2, 2, 2, 2, 2]
    assert pool.loads == {1: 5, 2: 5}


def test_balance_unequal_capacities_follow_the_ratio():
    pool = Pool([liaison(1, capacity=30), liaison(2, capacity=10)])
    run(pool, CHEM, 20)
    assert pool.loads == {1: 15, 2: 5}  # both half full


def test_tie_break_is_deterministic_lowest_id_first():
    candidates = [liaison(3), liaison(1), liaison(2)]
    first = run(Pool(candidates), CHEM, 6)
    for order in itertools.permutations(candidates):
        assert run(Pool(order), CHEM, 6) == first
    assert first == [1, 2, 3, 1, 2, 3]


def test_never_over_capacity_then_falls_back():
    pool = Pool([liaison(1, capacity=2), liaison(2, programmes=(), capacity=1)], general_id=None)
    results = [pool.match(CHEM) for _ in range(4)]
    assert [r.liaison_id for r in results] == [1, 1, 2, None]
    assert [r.level for r in results] == [PROGRAMME, PROGRAMME, DEPARTMENT, NONE]
    assert pool.loads == {1: 2, 2: 1}


def test_inactive_and_not_accepting_are_skipped_at_every_level():
    candidates = [
        liaison(1, active=False),
        liaison(2, accepting=False),
        liaison(3, active=False, programmes=(), departments=(), faculties=(), capacity=50),
    ]
    result = choose(CHEM, candidates, general_id=3)
    assert result.liaison_id is None
    assert result.level == NONE
    assert "no librarian has room for BSc Chemistry" in result.reason


def test_full_librarian_skipped():
    result = choose(CHEM, [liaison(1, capacity=3, load=3), liaison(2, capacity=3, load=2)])
    assert result.liaison_id == 2


def test_zero_capacity_never_chosen():
    assert choose(CHEM, [liaison(1, capacity=0)]).liaison_id is None


def test_fallback_department_level():
    candidates = [
        liaison(1, programmes=("BSC-BIOCHEM",)),
        liaison(2, programmes=("BA-HIST",), departments=(2,), faculties=(20,)),
    ]
    result = choose(CHEM, candidates)
    assert (result.liaison_id, result.level) == (1, DEPARTMENT)
    assert (
        result.reason == "serves the Chemistry department (no librarian for BSc Chemistry had room)"
    )


def test_fallback_faculty_level():
    candidates = [
        liaison(1, programmes=("BSC-PHYS",), departments=(3,), faculties=(10,)),
        liaison(2, programmes=("BA-HIST",), departments=(2,), faculties=(20,)),
    ]
    result = choose(CHEM, candidates)
    assert (result.liaison_id, result.level) == (1, FACULTY)
    assert "serves the Faculty of Science" in result.reason


def test_fallback_general_enquiries_librarian():
    candidates = [
        liaison(2, programmes=("BA-HIST",), departments=(2,), faculties=(20,)),
        liaison(9, programmes=(), departments=(), faculties=()),
    ]
    result = choose(CHEM, candidates, general_id=9)
    assert (result.liaison_id, result.level) == (9, GENERAL)
    assert result.reason.startswith("general enquiries librarian")


def test_general_librarian_also_respects_capacity():
    general = liaison(9, programmes=(), departments=(), faculties=(), capacity=1, load=1)
    assert choose(CHEM, [general], general_id=9).liaison_id is None


def test_exclude_picks_another_eligible_librarian():
    result = choose(CHEM, [liaison(1), liaison(2, load=5)], exclude={1})
    assert result.liaison_id == 2


def test_programme_change_keeps_a_librarian_who_serves_the_new_programme():
    current = liaison(1, programmes=("BSC-CHEM", "BSC-BIOCHEM"))
    assert keeps_librarian(current, BIOCHEM)


def test_programme_change_rematches_when_the_librarian_does_not_serve_it():
    current = liaison(1, programmes=("BSC-CHEM",))
    assert not keeps_librarian(current, BIOCHEM)
    assert not keeps_librarian(current, HISTORY)
    assert not keeps_librarian(None, CHEM)
    assert not keeps_librarian(liaison(1, active=False), CHEM)


def test_random_loads_stay_within_one_and_within_capacity():
    rng = random.Random(7)
    candidates = [liaison(i, capacity=rng.choice([5, 8, 12])) for i in range(1, 6)]
    pool = Pool(candidates)
    run(pool, CHEM, 40)
    for c in candidates:
        assert pool.loads[c.id] <= c.capacity
    equal = [pool.loads[c.id] for c in candidates if c.capacity == 12]
    if len(equal) > 1:
        assert max(equal) - min(equal) <= 1
