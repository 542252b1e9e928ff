from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Department, Faculty, Programme, Subject


class FacultyViewSet(SnippetViewSet):
    model = Faculty
    icon = "group"
    list_display = ["name"]
    search_fields = ["name"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "folder-open-inverse"
    list_display = ["name", "faculty"]
    list_filter = ["faculty"]
    search_fields = ["name"]


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "tag"
    list_display = ["name", "code", "level", "department", "is_active"]
    list_filter = ["level", "department", "is_active"]
    search_fields = ["name", "code"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "tag"
    list_display = ["name"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "list-ul"
    menu_order = 300
    items = (FacultyViewSet, DepartmentViewSet, ProgrammeViewSet, SubjectViewSet)


register_snippet(TaxonomyViewSetGroup)
