"""Portal settings were per site (``home.PortalSettings``); they are one set for the portal now.
This copies the default site's (else the first site's) values, and gives the groups and accounts
that could change the old settings the same right on the new ones, before ``home`` drops its
table (home 0004)."""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

FIELDS = (
    "catalogue_search_url",
    "catalogue_query_param",
    "general_enquiries_email",
    "reply_time",
    "footer_text",
)


def copy_settings(apps, schema_editor):
    Old = apps.get_model("home", "PortalSettings")
    New = apps.get_model("core", "PortalSettings")
    old = (
        Old.objects.filter(site__is_default_site=True).first()
        or Old.objects.order_by("site_id").first()
    )
    if old is not None and not New.objects.exists():
        New.objects.create(**{name: getattr(old, name) for name in FIELDS})
    _copy_permissions(apps)


def _copy_permissions(apps):
    # Django makes a new model's permissions after migrating; make core's now to grant them.
    config = apps.get_app_config("core")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for action in ("add", "change", "delete", "view"):
        codename = f"{action}_portalsettings"
        old = Permission.objects.filter(content_type__app_label="home", codename=codename).first()
        new = Permission.objects.filter(content_type__app_label="core", codename=codename).first()
        if old is None or new is None:
            continue
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(new)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("home", "0003_page_url_path_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_settings, migrations.RunPython.noop)]
