"""What a client needs from the app's pages: the CSRF token, an entry form's version token and
values, the ids linked from a page. Plain regular expressions over the HTML the app renders;
shared by the load test (locustfile.py) and the tests that drive a served app over HTTP."""

import re

VERSION = re.compile(r'name="version" value="(\d+)"')
# An entry's link, with or without the list it leads back to (?kembali=...).
ENTRY_LINK = re.compile(r'href="/evaluasi/isian/(\d+)/(?:\?[^"]*)?"')
LOGIN_PATH = "/masuk/"


def version_of(html: str) -> int | None:
    """The version token of the entry form on an entry page (None: no form for this user)."""
    match = VERSION.search(html)
    return int(match.group(1)) if match else None


def can_submit(html: str, pk: int) -> bool:
    """The entry page offers "Ajukan" (the entry is a draft or returned, and entry is open)."""
    return f'action="/evaluasi/isian/{pk}/ajukan/' in html


def entry_ids(html: str) -> list[int]:
    """Entries linked from a page (worklist, review queue), in page order, without repeats."""
    return list(dict.fromkeys(int(pk) for pk in ENTRY_LINK.findall(html)))


def login(session, base_url: str, username: str, password: str, **request_options) -> bool:
    """Log in through the real form (the CSRF cookie first, as a browser would)."""
    session.get(base_url + LOGIN_PATH, **request_options)
    response = session.post(
        base_url + LOGIN_PATH,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": cookie(session, "csrftoken"),
        },
        headers={"Referer": base_url + LOGIN_PATH},
        allow_redirects=False,
        **request_options,
    )
    return response.status_code == 302


def cookie(session, name: str) -> str:
    """A cookie's value from a requests session (``cookies``) or from locust's FastHttpSession
    (``cookiejar``); both are iterables of ``http.cookiejar.Cookie``."""
    jar = getattr(session, "cookiejar", None)
    jar = session.cookies if jar is None else jar
    return next((c.value for c in jar if c.name == name), "")


def csrf(session) -> dict:
    return {"csrfmiddlewaretoken": cookie(session, "csrftoken")}
