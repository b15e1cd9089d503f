"""Login limiting that holds under a burst and never locks the owner out (issue 18 item 8).

Before: the limit was checked before the password check and recorded after
it, so 20 parallel guesses got 12 checks through instead of 5; and 5 wrong
passwords from anywhere locked the account for its owner everywhere.  Now the
check and the recording are one transaction per (address, account) pair,
with exponential backoff after the limit.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.webapp import csrf_of, login, make_app
from web.auth import create_user

LIMIT = 5


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, seed=False)
    create_user(app.extensions["policykb"].store, "editor", "correct horse")
    return app


def burst(app, n: int, password: str, address: str = "198.51.100.1") -> list[int]:
    """`n` login attempts released at the same moment from `n` threads; their status codes."""
    clients = [app.test_client() for _ in range(n)]
    tokens = [csrf_of(c) for c in clients]
    start = threading.Barrier(n)

    def attempt(i: int) -> int:
        start.wait()
        r = clients[i].post("/login", data={"name": "editor", "password": password, "csrf_token": tokens[i]},
                            environ_base={"REMOTE_ADDR": address})
        return r.status_code

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(attempt, range(n)))


def test_a_burst_of_20_wrong_passwords_gets_only_the_limit_checked(app):
    codes = burst(app, 20, "wrong guess")
    assert codes.count(401) == LIMIT  # password checked and refused
    assert codes.count(429) == 20 - LIMIT  # refused before any check
    store = app.extensions["policykb"].store
    assert store.audit_count("login.failed") == LIMIT


def test_the_store_reserves_atomically(store):
    results: list[float] = []
    start = threading.Barrier(20)

    def reserve():
        start.wait()
        results.append(store.reserve_login_attempt("192.0.2.1", "someone", 5000.0, limit=LIMIT, backoff=60,
                                                   max_backoff=3600, forget_after=86400))

    threads = [threading.Thread(target=reserve) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[:LIMIT] == [0.0] * LIMIT
    assert all(wait > 0 for wait in sorted(results)[LIMIT:])


def test_the_owner_is_not_locked_out_from_another_address(app):
    assert 401 in burst(app, 20, "wrong guess", address="198.51.100.1")
    owner = app.test_client()
    r = owner.post("/login", data={"name": "editor", "password": "correct horse", "csrf_token": csrf_of(owner)},
                   environ_base={"REMOTE_ADDR": "203.0.113.50"})
    assert r.status_code == 302
    assert owner.get("/upload").status_code == 200


def test_other_accounts_from_the_same_address_are_not_affected(app):
    create_user(app.extensions["policykb"].store, "second", "another password")
    burst(app, 8, "wrong guess")
    c = app.test_client()
    r = c.post("/login", data={"name": "second", "password": "another password", "csrf_token": csrf_of(c)},
               environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert r.status_code == 302


def test_a_success_clears_the_count(app):
    client = app.test_client()
    for _ in range(LIMIT - 1):
        assert login(client, password="guess").status_code == 401
    assert login(client).status_code == 302
    for _ in range(LIMIT - 1):  # a fresh allowance after the owner got in
        assert login(client, password="guess").status_code == 401
    assert login(client).status_code == 302


def test_the_wait_doubles_and_is_capped(store):
    def attempt(t: float) -> float:
        return store.reserve_login_attempt("192.0.2.9", "x", t, limit=3, backoff=10, max_backoff=50,
                                           forget_after=10_000)

    t = 0.0
    assert [attempt(t) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert attempt(t) == 10  # blocked for 10 s after the 3rd failure
    waits = []
    for _ in range(4):
        t += attempt(t)  # wait exactly as long as told, then fail again
        assert attempt(t) == 0.0
        waits.append(attempt(t))
    assert waits == [20, 40, 50, 50]
    assert attempt(t + 50 + 10_000) == 0.0  # a pair quiet for long enough starts over
    assert attempt(t + 50 + 10_000) == 0.0


def test_one_address_trying_many_names_is_slowed_too(tmp_path):
    app = make_app(tmp_path, seed=False, config={"LOGIN_ADDRESS_LIMIT": 8})
    create_user(app.extensions["policykb"].store, "editor", "correct horse")
    sprayer = app.test_client()

    def attempt(client, name, password, address="198.51.100.66"):
        return client.post("/login", data={"name": name, "password": password, "csrf_token": csrf_of(client)},
                           environ_base={"REMOTE_ADDR": address}).status_code

    assert [attempt(sprayer, f"name{i}", "guess") for i in range(8)] == [401] * 8
    assert attempt(sprayer, "name9", "guess") == 429  # a new name does not reset the address's count
    assert attempt(sprayer, "editor", "correct horse") == 429
    assert attempt(app.test_client(), "editor", "correct horse", address="203.0.113.50") == 302


def test_quiet_pairs_are_forgotten(store):
    def attempt(name: str, t: float) -> float:
        return store.reserve_login_attempt("192.0.2.7", name, t, limit=5, backoff=60, max_backoff=3600,
                                           forget_after=1000, address_limit=1000)

    for i in range(50):
        attempt(f"random{i}", 0.0)
    assert store.conn.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0] == 51
    attempt("later", 5000.0)
    assert store.conn.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0] == 2  # "later" + the address
