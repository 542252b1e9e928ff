"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see the configuration table in README.md and .env.example)."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # the portal's own apps
    "home",
    "taxonomy",
    "core",
    "liaison_pages",
    "students",
    "inbox",
    "services",
    "search",
    "editorial",
    "evidence",
    "outreach",
    "consultations",
    "twofactor",
    "ops",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    # background tasks
    "django_tasks",
    "django_tasks_db",
    # Django
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth's security-key list ("last used 2 days ago")
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ops.middleware.RejectNullCharactersMiddleware",
    "ops.middleware.PortalCSPMiddleware",
    "ops.middleware.PermissionsPolicyMiddleware",
    "ops.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # staff sessions: the idle expiry moves ahead on each request (ops/sessions.py)
    "ops.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # coordinators and administrators pass a second factor before the admin (twofactor/rules.py)
    "twofactor.middleware.TwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "inbox.middleware.RateLimitedMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when the web server and the worker both write.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory on one machine, Redis (Django's own backend) when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "liaison",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
# The portal's wording for its libraries' text (allauth's "Sign Up" → "Sign up"): locale/en_GB.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# Files browsers and app launchers ask for at the site root (favicon.ico, apple-touch-icon.png,
# site.webmanifest and its icons; drawn by scripts/make_icons.py), served by WhiteNoise.
WHITENOISE_ROOT = PROJECT_DIR / "public"
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: the console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Library Liaison Service <liaison@library.example.edu>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: stored in the database so queued work survives restarts (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Accounts (django-allauth): sign in with email.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Library] "
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
# One way in for everyone: allauth's sign-in enforces email verification and the rate limits
# below. The Wagtail admin sends people there (and /admin/login/ redirects there, portal/urls.py);
# its own password reset is off, so allauth's limited reset is the only one.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Brute force: "login_failed" refuses every sign-in to an address (even with the right password)
# after 5 wrong passwords within 15 minutes, and every sign-in from an IP after 10 failures in a
# minute; a password reset clears an address's count. "reset_password" sends at most 5 reset
# emails an hour to one address (and takes 20 requests a minute per IP). Counters live in the
# default cache: use Redis (REDIS_URL) when several app servers share the load.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes, or a security
# key / passkey (WebAuthn) as the second step. Required for administrators, coordinators and the
# groups coordinators list in the admin, offered to liaisons, never shown to students
# (twofactor/rules.py). Passkeys are a second factor here, not a way to sign in without the
# password: students share the sign-in page and could never use such a button.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = "twofactor.adapter.MFAAdapter"  # who must keep a second factor
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = env_str("PORTAL_SITE_NAME", "Liaison Librarians")
# A code from an authenticator app is good for its 30-second step and the one before it (a phone
# whose clock is a little behind, or a code typed as it rolls over); each code works once.
MFA_TOTP_TOLERANCE = 1
# Failed security-key steps are logged like failed codes, and a malformed key answer is a form
# error, not a 500 (twofactor/forms.py).
MFA_FORMS = {
    "add_webauthn": "twofactor.forms.AddWebAuthnForm",
    "authenticate_webauthn": "twofactor.forms.AuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "twofactor.forms.ReauthenticateWebAuthnForm",
}
# Staff (anyone who may use the Wagtail admin) see student records: their session ends after this
# many seconds without a request (a working day), while students keep Django's normal session
# (SESSION_COOKIE_AGE, two weeks). See ops/sessions.py.
PORTAL_STAFF_SESSION_IDLE_SECONDS = env_int("PORTAL_STAFF_SESSION_IDLE_SECONDS", 8 * 60 * 60)

# Wagtail
WAGTAIL_SITE_NAME = env_str("PORTAL_SITE_NAME", "Liaison Librarians")
# The address the portal is served at: every absolute link (emails, the API, feeds, the sitemap,
# vCards) comes from it. `make run HOST=… PORT=…` sets PORTAL_BASE_URL, and `manage.py
# site_address` (run by `make run`) makes Wagtail's default Site record follow it.
PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = (env_str("WAGTAILADMIN_BASE_URL") or PORTAL_BASE_URL).rstrip("/")
# Wagtail's database search backend, with field boosts and stemming on SQLite too (search/backends.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILAPI_BASE_URL = PORTAL_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50

# Video blocks in guides render as plain links unless oEmbed lookups are switched on.
PORTAL_VIDEO_EMBEDS = env_bool("PORTAL_VIDEO_EMBEDS", False)

# CORS: only the open-data endpoints may be read from other origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "tasks": {
            "class": "logging.StreamHandler",
            "level": env_str("DJANGO_TASKS_LOG_LEVEL", "WARNING"),
        },
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # The task worker says nothing while tasks succeed; a failed task is logged with its error.
        # (db_worker sets these loggers to INFO itself, so the level lives on the handler.)
        "django_tasks": {"handlers": ["tasks"], "propagate": False},
        "django_tasks_db": {"handlers": ["tasks"], "propagate": False},
        # Sign-in security events (two-factor enrolments, resets, failed second steps) are kept
        # whatever DJANGO_LOG_LEVEL says.
        "portal.security": {"level": env_str("PORTAL_SECURITY_LOG_LEVEL", "INFO")},
    },
}

# --- inbox ---
# Submissions allowed per window, per client IP and per sender email: (count, seconds).
INBOX_RATE_LIMITS = {
    "ip": (env_int("INBOX_RATE_LIMIT_IP", 5), env_int("INBOX_RATE_LIMIT_WINDOW", 600)),
    "email": (env_int("INBOX_RATE_LIMIT_EMAIL", 3), env_int("INBOX_RATE_LIMIT_WINDOW", 600)),
}
# django-ratelimit counts those submissions in the shared default cache (Redis with REDIS_URL, so
# every app server counts together; local memory, per process, without it).
RATELIMIT_USE_CACHE = "default"
# Take the client IP from X-Forwarded-For (behind one proxy). TRUSTED_PROXY_COUNT, if set, wins.
INBOX_TRUST_X_FORWARDED_FOR = env_bool("INBOX_TRUST_X_FORWARDED_FOR", False)
# Messages are kept this long after they were sent; `manage.py purge_messages` (daily) deletes
# older ones. The delete-account page tells students.
INBOX_RETENTION_DAYS = env_int("INBOX_RETENTION_DAYS", 730)
# Email retries: attempts before a delivery is marked failed; backoff doubles from the base.
INBOX_MAX_ATTEMPTS = env_int("INBOX_MAX_ATTEMPTS", 5)
INBOX_RETRY_BASE_SECONDS = env_int("INBOX_RETRY_BASE_SECONDS", 60)
INBOX_RETRY_MAX_SECONDS = env_int("INBOX_RETRY_MAX_SECONDS", 3600)
# A delivery left "sending" longer than this (a worker died mid-send) is retried by the sweep.
INBOX_SENDING_LEASE_SECONDS = env_int("INBOX_SENDING_LEASE_SECONDS", 900)

# --- outreach ---
# Campaign emails per minute the organisation's mail server accepts, and per batch (task run).
OUTREACH_RATE_PER_MINUTE = env_int("OUTREACH_RATE_PER_MINUTE", 600)
OUTREACH_BATCH_SIZE = env_int("OUTREACH_BATCH_SIZE", 200)
OUTREACH_MAX_ATTEMPTS = env_int("OUTREACH_MAX_ATTEMPTS", 5)
OUTREACH_RETRY_BASE_SECONDS = env_int("OUTREACH_RETRY_BASE_SECONDS", 60)
# A send left "sending" longer than this (a worker died mid-batch) goes back to the queue.
OUTREACH_SENDING_LEASE_SECONDS = env_int("OUTREACH_SENDING_LEASE_SECONDS", 900)

# --- ops ---
# Content Security Policy (django-csp 4): no inline scripts or styles on public pages. The Wagtail
# admin's relaxations apply only under PORTAL_CSP_ADMIN_PREFIXES (see ops/middleware.py).
# DJANGO_CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only.
_CSP_VIDEO_HOSTS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *env_list("DJANGO_CSP_MEDIA_ORIGINS", [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", *env_list("DJANGO_CSP_MEDIA_ORIGINS", [])],
    "frame-src": ["'self'", *(_CSP_VIDEO_HOSTS if PORTAL_VIDEO_EMBEDS else [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    # Catalogue-search blocks submit to the library catalogue, whose address editors can change.
    "form-action": ["'self'", "https:"],
    "frame-ancestors": ["'none'"],
}
if env_str("DJANGO_CSP_REPORT_URI"):
    _CSP_DIRECTIVES["report-uri"] = [env_str("DJANGO_CSP_REPORT_URI")]
if env_bool("DJANGO_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
PORTAL_CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
PORTAL_CSP_ADMIN_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
PORTAL_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
# Cross-Origin-Resource-Policy: same-origin everywhere but here (ops/middleware.py): the open-data
# API and widget, and the media files the API's photo_url points other sites to.
PORTAL_CORP_CROSS_ORIGIN_PREFIXES = ["/api/", "/media/"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# /.well-known/security.txt (RFC 9116, ops/wellknown.py): where to report a vulnerability (email
# addresses or https:// URLs, comma-separated), and how many days ahead its Expires date is set;
# it is computed on each request, so the file never goes stale. Its Policy is SECURITY.md, served
# at /security-policy.txt, unless PORTAL_SECURITY_POLICY_URL names another page.
PORTAL_SECURITY_CONTACT = env_list("PORTAL_SECURITY_CONTACT", ["security@library.example.edu"])
PORTAL_SECURITY_TXT_DAYS = env_int("PORTAL_SECURITY_TXT_DAYS", 180)
PORTAL_SECURITY_POLICY_URL = env_str("PORTAL_SECURITY_POLICY_URL")
# No avatar look-ups at an outside service from the admin (privacy, and the CSP would block them).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Documents: only PDFs open in the browser; everything else downloads as an attachment.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]

# --- page cache (core/caching.py) ---
# Public pages say `Cache-Control: public, max-age=N, s-maxage=N` to anonymous visitors, and are
# kept that long by Django's cache middleware in the default cache (Redis with REDIS_URL); 0 = off.
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 300)
# Behind a CDN, Wagtail purges a page there when it is published (wagtail.contrib.frontend_cache):
# a cache that accepts HTTP PURGE (Varnish, nginx), or Cloudflare. Off while none is configured.
WAGTAILFRONTENDCACHE = {}
if env_str("PORTAL_FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("PORTAL_FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONEID"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
# A constant-response view at /bench/floor/ for the benchmark (`make bench`); never in production.
PORTAL_BENCH_FLOOR = env_bool("PORTAL_BENCH_FLOOR", False)

# --- students ---
# Students sign up with programme and level; staff land on the dashboard, students on their
# librarian's page. Matching falls back to this general-enquiries librarian (a LiaisonPage whose
# email, or whose user's email, is this address) when nobody in the faculty has room.
ACCOUNT_ADAPTER = "students.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "students.names.user_display"  # names, never the internal username
ACCOUNT_SIGNUP_FORM_CLASS = "students.forms.StudentSignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
MATCHING_GENERAL_LIAISON_EMAIL = env_str("MATCHING_GENERAL_LIAISON_EMAIL", "")

# --- editorial ---
# Guides not reviewed for this many months are listed on the owner's dashboard and in the weekly
# `send_review_reminders` email.
GUIDE_REVIEW_MONTHS = env_int("GUIDE_REVIEW_MONTHS", 12)
# Evidence (evidence/): hours within which a message should get its first response (the promise
# behind PortalSettings.reply_time, "two working days"), the share of capacity that flags a
# librarian in the workload view, and the month an academic year starts.
EVIDENCE_REPLY_DUE_HOURS = env_int("EVIDENCE_REPLY_DUE_HOURS", 48)
EVIDENCE_OVERLOAD_PERCENT = env_int("EVIDENCE_OVERLOAD_PERCENT", 90)
EVIDENCE_ACADEMIC_YEAR_START_MONTH = env_int("EVIDENCE_ACADEMIC_YEAR_START_MONTH", 9)
# Every uploaded image needs alt text (its description); see editorial/forms.py.
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.forms.AltTextRequiredImageForm"
