"""What students' matching tells public pages that do not know about students.

``liaison_pages`` sits below ``students`` and never imports it; its finder page
(/librarians/find/) asks this tag instead: ``{% librarian_for_programme programme as result %}``.
"""

from django import template

from students.lookup import librarian_for_programme as lookup_librarian

register = template.Library()


@register.simple_tag
def librarian_for_programme(programme):
    """The ``students.lookup.LookupResult`` for a programme, or None without one."""
    return lookup_librarian(programme) if programme is not None else None
