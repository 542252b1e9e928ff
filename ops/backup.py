"""What a logical backup holds: every table except the ones Django or Wagtail rebuild by
themselves. Foreign keys to content types and permissions are written as natural keys, so a
backup loads into any freshly migrated database whatever ids those rows got there."""

from django.apps import apps

# Rebuilt by `migrate`/`flush` (content types, permissions), regenerable (search index, reference
# index, image renditions), or worthless after a restore (sessions, admin editing sessions).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "wagtailsearch.indexentry",
    "wagtailcore.referenceindex",
    "wagtailimages.rendition",
    "wagtailadmin.editingsession",
]


def excluded_labels():
    """The EXCLUDED labels that exist in this project (dumpdata refuses unknown ones)."""
    labels = []
    for label in EXCLUDED:
        app_label, _, model = label.partition(".")
        try:
            app_config = apps.get_app_config(app_label)
            if model:
                app_config.get_model(model)
        except LookupError:
            continue
        labels.append(label)
    return labels
