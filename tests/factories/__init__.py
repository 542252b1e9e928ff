"""factory_boy / wagtail-factories factories for the test suite (and the bench's bulk data), and
the one page-tree builder (`build_site_tree`) every fixture uses. Import from here:
``from tests.factories import LiaisonPageFactory, build_site_tree``."""

from .inbox import (
    EnquiryFormFieldFactory,
    EnquiryFormPageFactory,
    EnquiryIndexPageFactory,
    MessageFactory,
)
from .pages import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
    HomePageFactory,
    LiaisonIndexPageFactory,
    LiaisonPageFactory,
    guide_body,
    raw_stream,
)
from .services import AudienceFactory, ServiceIndexPageFactory, ServicePageFactory
from .students import StudentFactory, StudentUserFactory
from .taxonomy import DepartmentFactory, FacultyFactory, ProgrammeFactory, SubjectFactory
from .tree import build_site_tree
from .users import UserFactory

__all__ = [
    "AudienceFactory",
    "BlogIndexPageFactory",
    "BlogPostPageFactory",
    "DepartmentFactory",
    "EnquiryFormFieldFactory",
    "EnquiryFormPageFactory",
    "EnquiryIndexPageFactory",
    "FacultyFactory",
    "GuideIndexPageFactory",
    "GuidePageFactory",
    "HomePageFactory",
    "LiaisonIndexPageFactory",
    "LiaisonPageFactory",
    "MessageFactory",
    "ProgrammeFactory",
    "ServiceIndexPageFactory",
    "ServicePageFactory",
    "StudentFactory",
    "StudentUserFactory",
    "SubjectFactory",
    "UserFactory",
    "build_site_tree",
    "guide_body",
    "raw_stream",
]
