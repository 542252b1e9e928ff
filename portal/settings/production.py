"""Production: refuses to start without DJANGO_SECRET_KEY; HTTPS only (HSTS, secure cookies, SSL
redirect), a strict Content Security Policy (from base.py, plus upgrade-insecure-requests), and the
proxy/scale-out switches. `manage.py check --deploy --settings=portal.settings.production` is clean.

Run with gunicorn behind a TLS-terminating proxy (see Procfile and the README's deployment notes):

    gunicorn portal.wsgi --workers 4 --threads 4 --worker-class gthread --bind 0.0.0.0:8000 \
        --max-requests 2000 --max-requests-jitter 200 --timeout 30 --graceful-timeout 30
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY, DATABASES
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

ACCOUNT_EMAIL_VERIFICATION = "mandatory"

# HTTPS everywhere. The proxy in front terminates TLS and sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY):
    if _policy:
        _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Behind N trusted proxies (load balancer, CDN), the client address is taken from
# X-Forwarded-For so per-visitor rate limits (allauth's and the inbox's) count people, not the
# proxy (otherwise every visitor shares the proxy's bucket, and ten wrong passwords anywhere lock
# everyone out for a minute). The settings above already trust a TLS proxy's X-Forwarded-Proto,
# so one proxy is the default; set 0 when clients connect directly (the header is then ignored:
# it is spoofable), or the number of proxies when there are more.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1 if SECURE_PROXY_SSL_HEADER else 0)
if TRUSTED_PROXY_COUNT:
    ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
    INBOX_TRUST_X_FORWARDED_FOR = True

# Persistent database connections (per worker thread) unless told otherwise; health-checked
# before reuse so a database restart costs one failed request per connection at most.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Errors go to stderr (collected by the process manager), never to the visitor.
LOGGING["root"]["level"] = env_str("DJANGO_LOG_LEVEL", "WARNING")  # noqa: F405
