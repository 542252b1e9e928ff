"""Fixtures for the hardening tests: a small portal with one librarian serving one programme."""

import pytest

from liaison_pages.factories import LiaisonPageFactory
from taxonomy.factories import ProgrammeFactory


@pytest.fixture
def small_portal(site_tree):
    programme = ProgrammeFactory(code="CHEM-BSC", name="BSc Chemistry")
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Marie Curie")
    liaison.programmes.add(programme)
    liaison.save_revision().publish()
    return {**site_tree, "programme": programme, "liaison": liaison}
