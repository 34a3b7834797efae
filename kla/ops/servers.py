"""Statements on a PostgreSQL server rather than inside one database (create or drop a
database): a connection to the server's maintenance database ``postgres``. For the tools
that make databases of their own next to ``DATABASE_URL``'s: ``make bench``, ``make load``
and the deployment tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse


@contextmanager
def server_cursor(url: str) -> Iterator:
    """An autocommit cursor on the maintenance database of ``url``'s server (CREATE DATABASE
    runs outside a transaction)."""
    import psycopg2

    connection = psycopg2.connect(urlparse(url)._replace(path="/postgres").geturl())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def sibling_url(url: str, name: str) -> str:
    """``url`` with another database on the same server."""
    return urlparse(url)._replace(path=f"/{name}").geturl()
