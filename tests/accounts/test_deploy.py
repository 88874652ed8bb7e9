"""Production settings, each in a fresh process as a server would start: `check --deploy` is
clean, a missing secret key or address is named, HTTPS behind the proxy, static files from
the app (WhiteNoise), a log-in for every page, and PostgreSQL through a connection pool."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

HOST = "ansvar.example.se"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # A server's environment: none of this test run's settings (the browser tests, say,
    # switch off Django's async safety in this process).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSVAR_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ansvar.config.settings",
        ANSVAR_DEBUG="false",
        ANSVAR_SECRET_KEY=secrets.token_urlsafe(50),
        ANSVAR_ALLOWED_HOSTS=HOST,
        ANSVAR_BASE_URL=f"https://{HOST}",
        ANSVAR_DATABASE_URL="sqlite:///:memory:",
        ANSVAR_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(extra)
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("level", ["WARNING", "DEBUG"])
def test_check_deploy_is_clean_with_the_production_settings(tmp_path: Path, level: str) -> None:
    result = run(
        production_env(tmp_path), "-m", "django", "check", "--deploy", "--fail-level", level
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SESSION_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
    "SECURE_HSTS_SECONDS", "ANSVAR_TRUST_FORWARDED_FOR", "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_PARAMETERS", "ANSVAR_SESSION_IDLE_MINUTES", "PASSWORD_HASHERS",
]} | {"cool_off": s.AXES_COOLOFF_TIME.total_seconds()}))
"""


def test_production_cookies_log_in_throttling_and_hashing(tmp_path: Path) -> None:
    result = run(production_env(tmp_path), "-c", SESSION_SETTINGS)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["SESSION_COOKIE_SECURE"] and seen["CSRF_COOKIE_SECURE"]
    assert seen["SESSION_COOKIE_HTTPONLY"] and seen["CSRF_COOKIE_HTTPONLY"]
    assert seen["SESSION_COOKIE_SAMESITE"] == seen["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert seen["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert seen["ANSVAR_TRUST_FORWARDED_FOR"]  # the address behind the proxy is the client's
    assert seen["AXES_FAILURE_LIMIT"] == 10 and seen["cool_off"] == 15 * 60
    assert seen["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
    assert seen["ANSVAR_SESSION_IDLE_MINUTES"] == 60
    assert seen["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("missing", ["ANSVAR_SECRET_KEY", "ANSVAR_BASE_URL"])
def test_production_refuses_to_start_without_a_shared_key_or_the_address(
    tmp_path: Path, missing: str
) -> None:
    env = production_env(tmp_path)
    del env[missing]
    result = run(env, "-m", "ansvar.cli.main", "actions")
    assert result.returncode == 2
    assert f"ansvar: {missing} must be set when ANSVAR_DEBUG is false" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()  # nothing generated per machine


def test_two_servers_with_the_same_key_accept_each_other_s_links(tmp_path: Path) -> None:
    """What a shared ANSVAR_SECRET_KEY is for: a value signed on one server is accepted on
    another (sessions, CSRF, password links are signed the same way)."""
    env = production_env(tmp_path)
    sign = "from django.core import signing; print(signing.dumps('petra'))"
    setup = "import django; django.setup(); "
    token = run(env, "-c", setup + sign).stdout.strip()
    check = f"from django.core import signing; print(signing.loads({token!r}))"
    other = production_env(tmp_path / "other", ANSVAR_SECRET_KEY=env["ANSVAR_SECRET_KEY"])
    assert run(other, "-c", setup + check).stdout.strip() == "petra"
    stranger = production_env(tmp_path / "third")  # its own key
    assert run(stranger, "-c", setup + check).returncode != 0


SERVE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", verbosity=0)
from django.test import Client
from django.templatetags.static import static
client = Client(HTTP_HOST="ansvar.example.se")
plain = client.get("/logga-in/")
https = {"HTTP_X_FORWARDED_PROTO": "https"}
login = client.get("/logga-in/", **https)
css = static("ansvar/ansvar.css")
sheet = client.get(css, **https)
home = client.get("/", **https)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "login": [login.status_code, login.get("Strict-Transport-Security"),
              login.cookies["csrftoken"]["secure"], css in login.content.decode()],
    "csp": login.get("Content-Security-Policy"),
    "css": [css, sheet.status_code, sheet.get("Cache-Control"),
            b"font-family" in b"".join(sheet.streaming_content)],
    "home": [home.status_code, home.get("Location")],
}))
"""


def test_behind_the_tls_proxy_with_static_files_from_the_app(tmp_path: Path) -> None:
    result = run(production_env(tmp_path), "-c", SERVE)
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, f"https://{HOST}/logga-in/"]  # plain HTTP goes to HTTPS
    status, hsts, secure_cookie, linked = seen["login"]
    assert status == 200 and secure_cookie and linked
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in seen["csp"] and "unsafe-inline" not in seen["csp"]
    path, status, cache, content = seen["css"]
    # The hashed name collectstatic wrote, served by WhiteNoise and cached for ever.
    assert path.startswith("/static/ansvar/ansvar.") and path != "/static/ansvar/ansvar.css"
    assert status == 200 and content and "immutable" in cache
    assert seen["home"] == [302, "/logga-in/?next=/"]  # every page needs a log-in


@pytest.mark.django_db
def test_postgresql_through_a_connection_pool(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool is PostgreSQL's (psycopg_pool)")
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )
    script = """
import json, django
django.setup()
from django.db import connection
from django.conf import settings
rows = []
for _ in range(6):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        rows.append(cursor.fetchone()[0])
    connection.close()  # back to the pool, as at the end of a request
pool = connection.pool
print(json.dumps({"options": settings.DATABASES["default"]["OPTIONS"],
                  "max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
                  "pool": type(pool).__name__, "pids": rows}))
"""
    env = production_env(tmp_path, ANSVAR_DATABASE_URL=url, ANSVAR_DB_POOL="4")
    result = run(env, "-c", script)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["options"] == {
        "options": "-c jit=off",  # as every PostgreSQL connection of Ansvar's
        "pool": {"min_size": 1, "max_size": 4, "timeout": 10},
    }
    assert seen["max_age"] == 0 and seen["pool"] == "ConnectionPool"
    # Six requests' worth of queries on at most the pool's four server connections, reused.
    assert len(seen["pids"]) == 6 and len(set(seen["pids"])) <= 4


ROOT = Path(__file__).resolve().parents[2]


def test_the_deploy_files_name_real_settings_and_commands() -> None:
    """deploy/ says what the README says: every variable of the example environment is read
    by the settings and documented, and the unit and the cron line run real commands."""
    import re

    from ansvar.cli.main import build_parser

    settings_text = (ROOT / "src" / "ansvar" / "config" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / "deploy" / "ansvar.env.example").read_text()
    names = re.findall(r"^(ANSVAR_\w+)=", example, re.M)
    assert "ANSVAR_SECRET_KEY" in names and "ANSVAR_DB_POOL" in names
    for name in names:
        assert f'"{name}"' in settings_text, name
        assert f"`{name}`" in readme, name
    parser = build_parser()
    unit = (ROOT / "deploy" / "ansvar.service").read_text()
    cron = (ROOT / "deploy" / "ansvar-tick.cron").read_text()
    commands = re.findall(r"\.venv/bin/ansvar ([^>\n]*?)\s*(?:>>|$)", unit + cron, re.M)
    assert {c.split()[0] for c in commands} == {"init", "serve", "tick"}
    for command in commands:
        parser.parse_args(command.split())  # exits on an unknown command or option
    assert "EnvironmentFile=/etc/ansvar/ansvar.env" in unit and ". /etc/ansvar/ansvar.env" in cron
