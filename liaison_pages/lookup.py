"""The public "who is my librarian?" lookup: the librarians who serve a programme, with a fallback
to the programme's department and then its faculty. Reads only public profile data."""

from dataclasses import dataclass, field

from home.sitecache import public_pages


@dataclass
class LookupResult:
    liaisons: list = field(default_factory=list)
    reason: str = ""
    exact: bool = True


def librarians_for_programme(programme):
    from .models import LiaisonPage, card_images

    live = card_images(public_pages(LiaisonPage.objects).filter(is_active=True)).order_by("title")
    steps = [
        ({"programmes": programme}, f"serves {programme.name}", True),
        (
            {"departments": programme.department_id},
            f"serves the {programme.department.name} department",
            False,
        ),
        (
            {"departments__faculty": programme.department.faculty_id},
            f"serves the {programme.department.faculty.name}",
            False,
        ),
    ]
    for filters, reason, exact in steps:
        liaisons = list(live.filter(**filters).distinct())
        if liaisons:
            return LookupResult(liaisons, reason, exact)
    return LookupResult([], "", False)
