from django.db import migrations

SECTIONS = ["LiaisonIndexPage", "GuideIndexPage", "BlogIndexPage"]


def show_sections_in_menus(apps, schema_editor):
    """The main navigation is built from the pages shown in menus: the sections made before it
    join it (new ones do so by default)."""
    for name in SECTIONS:
        apps.get_model("liaison_pages", name).objects.update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [("liaison_pages", "0003_liaisonpage_successor")]

    operations = [migrations.RunPython(show_sections_in_menus, migrations.RunPython.noop)]
