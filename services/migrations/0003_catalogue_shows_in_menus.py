from django.db import migrations


def show_catalogue_in_menus(apps, schema_editor):
    """The main navigation is built from the pages shown in menus: a catalogue made before it
    joins it (a new one does so by default)."""
    apps.get_model("services", "ServiceIndexPage").objects.update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [("services", "0002_default_audiences")]

    operations = [migrations.RunPython(show_catalogue_in_menus, migrations.RunPython.noop)]
