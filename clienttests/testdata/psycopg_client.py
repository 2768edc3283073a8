"""psycopg 3 against entitydb, run by clienttests (TestPsycopg) with
ENTITYDB_URL set and the ct fixture loaded. Raises on the first failure."""
import os

import psycopg

url = os.environ["ENTITYDB_URL"]

with psycopg.connect(url) as conn:
    # Parameterised queries: psycopg sends parameters with OID 0 or its own
    # guesses and lets the server infer the types.
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, tags, content FROM ct.entities WHERE tags @> %s ORDER BY id",
            (["type:task", "status:open"],),
        )
        rows = cur.fetchall()
        assert [r[0] for r in rows] == ["e1", "e3"], rows
        assert rows[0][1] == ["type:task", "status:open", "prio:1"], rows
        assert bytes(rows[0][2]) == b"one", rows
        assert rows[1][2] is None, rows
        cur.execute(
            "INSERT INTO ct.entities (id, tags, content) VALUES (%s, %s, %s)",
            ("py1", ["via:psycopg", "x"], b"\x00\x01\xff"),
        )
        assert cur.rowcount == 1
    conn.commit()

    # Binary results for every column.
    with conn.cursor(binary=True) as cur:
        cur.execute(
            "SELECT id, tags, content, created_at, 1::int4, 2.5::float8, 12.34::numeric, true, 7::int8"
            " FROM ct.entities WHERE id = %s",
            ("py1",),
        )
        r = cur.fetchone()
        assert r[0] == "py1", r
        assert r[1] == ["via:psycopg", "x"], r
        assert bytes(r[2]) == b"\x00\x01\xff", r
        assert r[3].tzinfo is not None, r
        assert r[4] == 1 and r[5] == 2.5 and str(r[6]) == "12.34" and r[7] is True and r[8] == 7, r

    # Server-side prepared statements (psycopg prepares after a threshold;
    # prepare=True forces it).
    with conn.cursor() as cur:
        for _ in range(3):
            cur.execute("SELECT count(*) FROM ct.entities WHERE tags @> %s", (["type:task"],), prepare=True)
            assert cur.fetchone()[0] == 3

    # A named (server-side) cursor: DECLARE, Describe of the portal, FETCH.
    with conn.transaction():
        with conn.cursor(name="sc") as cur:
            cur.execute("SELECT id FROM ct.entities ORDER BY id")
            assert [r[0] for r in cur.fetchmany(2)] == ["e1", "e2"]
            rest = [r[0] for r in cur.fetchall()]
            assert rest == ["e3", "e4", "e5", "py1"], rest

    # Errors map to psycopg's exception classes by SQLSTATE.
    try:
        conn.execute("SELECT * FROM ct.nosuch")
        raise AssertionError("no error for an unknown table")
    except psycopg.errors.UndefinedTable:
        conn.rollback()

    # COPY in and out.
    with conn.cursor() as cur:
        with cur.copy("COPY ct.entities (id, tags) FROM STDIN") as cp:
            cp.write_row(("pyc1", ["via:pycopy"]))
            cp.write_row(("pyc2", ["via:pycopy", "tab\there"]))
    conn.commit()
    with conn.cursor() as cur:
        out = b""
        with cur.copy("COPY (SELECT id FROM ct.entities WHERE tags @> ARRAY['via:pycopy'] ORDER BY id) TO STDOUT") as cp:
            for block in cp:
                out += bytes(block)
        assert out == b"pyc1\npyc2\n", out

try:
    psycopg.connect(os.environ["ENTITYDB_BAD_URL"])
    raise AssertionError("connected with a wrong password")
except psycopg.OperationalError as e:
    assert "password authentication failed" in str(e), e

print("psycopg ok")
