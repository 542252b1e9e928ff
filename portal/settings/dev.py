"""Local development: debug on unless DJANGO_DEBUG=false, a generated secret key kept out of git."""

from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR
from .env import env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
# `manage.py seed_demo` and the demo data: development and tests only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405


def _local_secret_key(path: Path) -> str:
    """A random key generated once per checkout and stored beside the database (git-ignored)."""
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY") or _local_secret_key(BASE_DIR / ".dev-secret-key")
# Each email as one short block with its links (EMAIL_BACKEND=...console.EmailBackend for the source).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "ops.mail.SummaryEmailBackend")
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Security keys (WebAuthn) need an https:// origin; while debugging on runserver's plain http the
# origin check is off. Browsers refuse an IP address as the key's site, so open
# http://localhost:8000 (not 127.0.0.1) to add one. Never set in production.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
