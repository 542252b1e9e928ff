from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from .sessions import mark_staff_session
        from .sqlite import analyze_after_migrate

        user_logged_in.connect(mark_staff_session, dispatch_uid="ops-staff-session")

        # Sent once per app with models after all migrations have run; one app's turn is enough
        # (this app has no models, so it gets no signal of its own).
        post_migrate.connect(
            analyze_after_migrate, sender=apps.get_app_config("home"), dispatch_uid="ops-analyze"
        )
