"""Settings from environment variables; see README.md, "Configuration" and "Production".

Two modes: a checkout (``ANSVAR_DEBUG`` unset or true) works with no configuration at all;
production (``ANSVAR_DEBUG=false``) needs a shared secret key and the site's address, and
turns on HTTPS-only cookies, HSTS and the redirect to HTTPS behind a TLS proxy.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

VAR_DIR = Path(os.environ.get("ANSVAR_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when ANSVAR_DEBUG is false: {why}")
    return value


def _secret_key(debug: bool) -> str:
    """The key from the environment; in a checkout, one generated once and kept in var/.

    In production the key must come from the environment: every server behind the proxy
    has to sign sessions, CSRF tokens and password links with the same key."""
    key = os.environ.get("ANSVAR_SECRET_KEY")
    if key:
        return key
    if not debug:
        _required(
            "ANSVAR_SECRET_KEY",
            "every server must sign sessions and password links with the same key "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')",
        )
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _database() -> dict[str, object]:
    url = os.environ.get("ANSVAR_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ansvar.sqlite3'}"
    max_age = int(os.environ.get("ANSVAR_CONN_MAX_AGE", "60"))
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=max_age))
    pool = int(os.environ.get("ANSVAR_DB_POOL", "0") or "0")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: the read-time status of a client (subqueries per lead holding) makes the
        # planner's cost estimates large, and compiling the query then took 1.3 s of a 1.4 s
        # read that runs in 60 ms without it (the signals at 10,000 people). Short queries
        # of a web application are what JIT is not for.
        options: dict[str, object] = {"options": "-c jit=off"}
        if pool:
            # psycopg's connection pool, one per process (gunicorn worker); a pooled
            # connection goes back to the pool after each request, so it is not also kept
            # by CONN_MAX_AGE.
            options["pool"] = {"min_size": 1, "max_size": pool, "timeout": 10}
            config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = options
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        # A connection per request. Keeping one would save opening it (about 1-2 ms with the
        # PRAGMAs below, a few percent of a decision) and would be safe under `ansvar serve`
        # (gunicorn's sync workers: one thread a process, autocommit between requests, WAL
        # readers never block the writer, a restore writes into the same file), but not
        # under a server that starts a thread per request (runserver), whose finished
        # threads' connections stay open, and an iterator dropped mid-read would keep its
        # WAL read snapshot for the next request. Not worth it for a few percent.
        config["CONN_MAX_AGE"] = 0
        # WAL + IMMEDIATE: concurrent writers queue for the lock instead of failing mid-way.
        # secure_delete on every connection, not only the erasure's: SQLite zeroes content
        # when it is freed, so a note edited or a row deleted by an ordinary request would
        # otherwise leave its old bytes in the file's free space, beyond an erasure's reach
        # (docs/reliability.md, "Erasure").
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                "PRAGMA secure_delete=ON;"
            ),
        }
    if os.environ.get("ANSVAR_TEST_DATABASE_NAME"):
        config["TEST"] = {"NAME": os.environ["ANSVAR_TEST_DATABASE_NAME"]}
    return config


DEBUG = _env_bool("ANSVAR_DEBUG", True)
SECRET_KEY = _secret_key(DEBUG)
SECRET_KEY_FALLBACKS = [
    k.strip() for k in os.environ.get("ANSVAR_SECRET_KEY_FALLBACKS", "").split(",") if k.strip()
]
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ANSVAR_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ansvar.org",
    "ansvar.clients",
    "ansvar.people",
    "ansvar.decisions",
    "ansvar.duties",
    "ansvar.exports",
    "ansvar.api",
    "ansvar.accounts",
    "ansvar.web",
    "ninja",
    "axes",  # log-in throttling (README.md, "Security")
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, from the app itself
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ansvar.web.middleware.ChosenLanguageMiddleware",  # Django's LocaleMiddleware, cookie only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a log-in unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "ansvar.web.middleware.PermissionsPolicyMiddleware",
    # After the authentication: a session idle too long ends (ANSVAR_SESSION_IDLE_MINUTES).
    "ansvar.web.middleware.IdleSessionMiddleware",
    "ansvar.web.middleware.DoorMiddleware",  # web or api, recorded in each log entry
    # Last, as django-axes asks: turns a locked-out log-in into the log-in page's message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ansvar.config.urls"
WSGI_APPLICATION = "ansvar.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ansvar.web.context.ceo_menu",
                "ansvar.web.context.decisions_seen",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # OWASP ASVS 2.1.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in refuses people whose employment has ended (accounts/backends.py); django-axes
# first refuses an account or an address locked out after too many failed log-ins.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ansvar.accounts.backends.EmployedBackend",
]
# Argon2id for new and changed passwords; a PBKDF2 hash of an older install still verifies
# and is rewritten as Argon2 at the person's next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("ANSVAR_STATIC_ROOT", VAR_DIR / "static")).resolve()
# WhiteNoise serves the static files from the app: in production the hashed, compressed
# copies `collectstatic` wrote (cached for ever), in a checkout straight from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Where Ansvar is reached: links written outside a request (e-mail, the CLI) start with it.
ANSVAR_BASE_URL = os.environ.get("ANSVAR_BASE_URL", "").strip().rstrip("/") or (
    "http://127.0.0.1:8000"
    if DEBUG
    else _required("ANSVAR_BASE_URL", "links in e-mails start with it")
)
ANSVAR_INVITATION_DAYS = int(os.environ.get("ANSVAR_INVITATION_DAYS", "7"))
# An organisation file uploaded on the import page waits here, under a random name, between
# its preview and the administrator's confirmation (at most an hour); nothing serves it.
ANSVAR_IMPORT_DIR = VAR_DIR / "imports"
PASSWORD_RESET_TIMEOUT = int(os.environ.get("ANSVAR_PASSWORD_RESET_HOURS", "24")) * 3600

# --- log-in and sessions (README.md, "Security") ---------------------------------------------
# django-axes: after ANSVAR_LOGIN_FAILURE_LIMIT failed log-ins for one account, or from one
# address, within the cool-off time, that account or address is refused for the cool-off
# time (the log-in page says so); a successful log-in clears the account's failures.
AXES_FAILURE_LIMIT = int(os.environ.get("ANSVAR_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ANSVAR_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ansvar.web.views_accounts.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the cool-off counts from the lockout
AXES_USERNAME_CALLABLE = "ansvar.accounts.throttle.login_username"
AXES_CLIENT_IP_CALLABLE = "ansvar.accounts.throttle.client_address"
# Behind the TLS proxy every request comes from the proxy: the address counted is the last
# one in X-Forwarded-For, the one the proxy added (on by default in production).
ANSVAR_TRUST_FORWARDED_FOR = _env_bool("ANSVAR_TRUST_FORWARDED_FOR", not DEBUG)

# Session and CSRF cookies: not readable by scripts, not sent on other sites' requests.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# A session idle longer than this ends (web/middleware.py); none lasts beyond a working day.
ANSVAR_SESSION_IDLE_MINUTES = int(os.environ.get("ANSVAR_SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = int(os.environ.get("ANSVAR_SESSION_MAX_HOURS", "10")) * 3600
# Making or revoking an API token needs a log-in (or the password again) this recently.
ANSVAR_REAUTH_MINUTES = int(os.environ.get("ANSVAR_REAUTH_MINUTES", "10"))

# Headers: every page's own origin only, no inline script or style, never in a frame.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
ANSVAR_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

if not DEBUG:
    # Behind a TLS proxy (nginx, Caddy, a load balancer) that sets X-Forwarded-Proto: the
    # app serves plain HTTP on the loopback and trusts that header for "is this HTTPS?".
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("ANSVAR_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ANSVAR_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("ANSVAR_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("ANSVAR_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("ANSVAR_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ] or [ANSVAR_BASE_URL]

# Where the Ed25519 key that signs decision-log checkpoints lives: outside the database.
CHECKPOINT_KEY_FILE = Path(
    os.environ.get("ANSVAR_CHECKPOINT_KEY", VAR_DIR / "checkpoint-ed25519.pem")
).resolve()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- e-mail and background tasks (README.md, "E-mail") ---------------------------------------
# Django's MAILERS: SMTP to ANSVAR_EMAIL_HOST when it is set; without it a checkout writes
# every message to a file in var/mail/ (so `make run` needs no mail server) and a server
# (ANSVAR_DEBUG=false) hands it to its own mail transfer agent on localhost:25. Messages are
# queued in ansvar.notify's outbox and sent by a django.tasks worker (the database backend of
# django-tasks-db: no broker) or by `ansvar tick`.
INSTALLED_APPS += ["django_tasks_db", "ansvar.notify", "ansvar.webhooks"]

EMAIL_TLS_MODES = {
    "starttls": (True, False, 587),
    "ssl": (False, True, 465),
    "none": (False, False, 25),
}


def _email_int(name: str, default: int, low: int, high: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ImproperlyConfigured(f"{name}: {text!r} is not a whole number from {low} to {high}")
    return int(text)


def _mailers(debug: bool) -> dict[str, dict[str, object]]:
    host = os.environ.get("ANSVAR_EMAIL_HOST", "").strip()
    default_mode = "starttls"
    if not host:
        if debug:  # a checkout: every message is a file in var/mail/
            return {
                "default": {
                    "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                    "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
                }
            }
        # A server without a named host hands its mail to its own mail transfer agent.
        host, default_mode = "localhost", "none"
    mode = os.environ.get("ANSVAR_EMAIL_TLS", "").strip().lower() or default_mode
    if mode not in EMAIL_TLS_MODES:
        raise ImproperlyConfigured(
            f"ANSVAR_EMAIL_TLS: {mode!r} is not one of {', '.join(EMAIL_TLS_MODES)}"
        )
    use_tls, use_ssl, port = EMAIL_TLS_MODES[mode]
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": host,
                "port": _email_int("ANSVAR_EMAIL_PORT", port, 1, 65535),
                "username": os.environ.get("ANSVAR_EMAIL_USER", ""),
                "password": os.environ.get("ANSVAR_EMAIL_PASSWORD", ""),
                "use_tls": use_tls,
                "use_ssl": use_ssl,
                "timeout": 30,
            },
        }
    }


MAILERS = _mailers(DEBUG)
DEFAULT_FROM_EMAIL = os.environ.get("ANSVAR_EMAIL_FROM", "").strip() or "ansvar@localhost"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# A message that cannot be handed to the mail server is tried again after 1, 2, 4, ... minutes;
# after the last try it is shown to the administrator on /utskick/.
NOTIFY_MAX_ATTEMPTS = _email_int("ANSVAR_EMAIL_MAX_ATTEMPTS", 8, 1, 100)
NOTIFY_RETRY_SECONDS = _email_int("ANSVAR_EMAIL_RETRY_SECONDS", 60, 1, 86400)

# Webhooks (README.md, "Webhooks"): a delivery that gets no 2xx answer is tried again after
# 1, 2, 4, ... minutes and is failed after the last try; each POST waits at most
# WEBHOOK_TIMEOUT_SECONDS for the answer.
WEBHOOK_MAX_ATTEMPTS = _email_int("ANSVAR_WEBHOOK_MAX_ATTEMPTS", 8, 1, 100)
WEBHOOK_RETRY_SECONDS = _email_int("ANSVAR_WEBHOOK_RETRY_SECONDS", 60, 1, 86400)
WEBHOOK_TIMEOUT_SECONDS = _email_int("ANSVAR_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 120)
