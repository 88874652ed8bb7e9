"""Settings from environment variables; see README.md, "Configuration"."""

import os
import secrets
from pathlib import Path

import dj_database_url

VAR_DIR = Path(os.environ.get("ANSVAR_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in var/."""
    key = os.environ.get("ANSVAR_SECRET_KEY")
    if key:
        return key
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
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        # WAL + IMMEDIATE: concurrent writers queue for the lock instead of failing mid-way.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
        }
    if os.environ.get("ANSVAR_TEST_DATABASE_NAME"):
        config["TEST"] = {"NAME": os.environ["ANSVAR_TEST_DATABASE_NAME"]}
    return config


SECRET_KEY = _secret_key()
DEBUG = _env_bool("ANSVAR_DEBUG", False)
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
    "ansvar.accounts",
    "ansvar.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ansvar.web.middleware.ChosenLanguageMiddleware",  # Django's LocaleMiddleware, cookie only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in refuses people whose employment has ended (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["ansvar.accounts.backends.EmployedBackend"]
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
STATIC_ROOT = VAR_DIR / "static"

# Accounts: links in invitation and password e-mails start with the site's address.
ANSVAR_BASE_URL = (
    os.environ.get("ANSVAR_BASE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
)
ANSVAR_INVITATION_DAYS = int(os.environ.get("ANSVAR_INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("ANSVAR_PASSWORD_RESET_HOURS", "24")) * 3600

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
