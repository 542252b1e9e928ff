from django.db import migrations

AUDIENCES = [
    ("Students", "students"),
    ("Faculty", "faculty"),
    ("Researchers", "researchers"),
    ("External partners", "external-partners"),
]


def add_audiences(apps, schema_editor):
    Audience = apps.get_model("services", "Audience")
    for order, (name, slug) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(add_audiences, migrations.RunPython.noop)]
