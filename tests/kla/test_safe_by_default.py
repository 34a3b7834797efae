"""Safe by default (docs/deployment-security.md): DEBUG off unless set, no public secret key
without DEBUG, HTTPS settings from KLA_HTTPS, check --deploy clean with production variables,
the security headers on every page, sessions that end, templates without inline code."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(settings.BASE_DIR)
LONG_KEY = "uji-" + "a1B2c3D4e5" * 7
SHOWN = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
]


def run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    """Python in a fresh process with only ``env`` set (the settings read it at import)."""
    # Not inherited: what the shell or another test set (the browser tests allow async ORM).
    unset = {"DEBUG", "SECRET_KEY", "KLA_HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean |= {"KLA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kla.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def settings_in(tmp_path, **env) -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {SHOWN!r}}}))"
    )
    result = run(code, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "env",
    [{}, {"DEBUG": "0"}, {"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"}],
    ids=["nothing-set", "debug-off", "the-public-key"],
)
def test_without_debug_a_missing_or_public_key_refuses_to_start(tmp_path, env):
    result = run("from django.conf import settings; settings.DEBUG", tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is missing or is the public development key" in (
        result.stderr
    )


def test_debug_is_off_unless_set(tmp_path):
    assert settings_in(tmp_path, SECRET_KEY=LONG_KEY)["DEBUG"] is False
    assert settings_in(tmp_path, DEBUG="1")["DEBUG"] is True  # make run: the public dev key


def test_kla_https_turns_on_redirect_hsts_secure_cookies_and_the_proxy_header(tmp_path):
    plain = settings_in(tmp_path, SECRET_KEY=LONG_KEY)
    assert plain["SECURE_SSL_REDIRECT"] is False and plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["SESSION_COOKIE_SECURE"] is False and plain["SECURE_PROXY_SSL_HEADER"] is None
    https = settings_in(tmp_path, SECRET_KEY=LONG_KEY, KLA_HTTPS="1")
    assert https == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = {"SECRET_KEY": LONG_KEY, "DEBUG": "0", "KLA_HTTPS": "1", "ALLOWED_HOSTS": "kla.go.id"}
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run(code, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_authenticated_page_carries_the_security_headers(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_the_login_page_has_the_policy_too(client, db):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def test_sessions_last_a_working_day_and_end_with_the_browser(client, admin_dp3akb):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    data = {"username": admin_dp3akb.username, "password": PASSWORD}
    response = client.post(reverse("login"), data)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 9 * 3600


INLINE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)(?![^>]*application/json)")


def test_no_template_has_inline_script_or_style():
    # Templates ending in _pdf.html are rendered to PDF on the server by WeasyPrint and never
    # reach a browser, so the Content-Security-Policy does not apply to them.
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        if not path.name.endswith("_pdf.html")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
