"""Run by tests/core/test_migrations.py in a process of its own, against a scratch SQLite file
named by DATABASE_URL: migrate to before the move of the portal settings, enter settings as an
editor had, migrate past the move and print what the new model holds, as JSON."""

import json

import django
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("home", "0003_page_url_path_index"), ("core", None)]
AFTER = [("home", "0004_delete_portalsettings"), ("core", "0002_portal_settings_from_home")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def main():
    old_apps = migrate(BEFORE)
    Site = old_apps.get_model("wagtailcore", "Site")
    Page = old_apps.get_model("wagtailcore", "Page")
    Group = old_apps.get_model("auth", "Group")
    Permission = old_apps.get_model("auth", "Permission")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    OldSettings = old_apps.get_model("home", "PortalSettings")
    root = Page.objects.get(depth=1)
    Site.objects.all().delete()
    other = Site.objects.create(hostname="other.example", root_page=root, is_default_site=False)
    default = Site.objects.create(hostname="portal.example", root_page=root, is_default_site=True)
    OldSettings.objects.create(site=other, footer_text="Not this one")
    OldSettings.objects.create(
        site=default,
        catalogue_search_url="https://search.library.example.edu/discover",
        catalogue_query_param="query",
        general_enquiries_email="help@library.example.edu",
        reply_time="one working day",
        footer_text="Open late during exams",
    )
    editors = Group.objects.create(name="Site editors")
    # made by Django after migrating, in a database that had the old model
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="portalsettings")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_portalsettings",
        defaults={"name": "Can change portal settings"},
    )
    editors.permissions.add(change)

    new_apps = migrate(AFTER)

    settings = new_apps.get_model("core", "PortalSettings").objects.values().get()
    permissions = new_apps.get_model("auth", "Group").objects.get(name="Site editors").permissions
    print(
        json.dumps(
            {
                "settings": {k: v for k, v in settings.items() if isinstance(v, str)},
                "permissions": sorted(
                    permissions.values_list("content_type__app_label", "codename")
                ),
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    main()
