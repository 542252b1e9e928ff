"""How the librarians' pages read in Wagtail's API v2 (/api/v2/pages/): serializer fields for the
``api_fields`` of the page models. Only public profile facts: never the login, capacity or load."""

from rest_framework.fields import Field


class NamesField(Field):
    """A many-to-many of named things (subjects, tags) as a list of names."""

    def to_representation(self, related):
        return [item.name for item in related.all()]


class ProgrammesField(Field):
    def to_representation(self, programmes):
        return [{"code": p.code, "name": p.name} for p in programmes.all()]


class OfficeHoursField(Field):
    def to_representation(self, hours):
        return [
            {
                "day": hour.get_day_display(),
                "start": f"{hour.start:%H:%M}",
                "end": f"{hour.end:%H:%M}",
                "mode": hour.get_mode_display(),
            }
            for hour in hours.all()
        ]


class LibrarianField(Field):
    """A guide's owner or a post's author: their profile's id (its API address is
    /api/v2/pages/<id>/) and name."""

    def to_representation(self, liaison):
        return {"id": liaison.pk, "name": liaison.title}
