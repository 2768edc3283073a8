"""psycopg2 and SQLAlchemy (Core and reflection) against entitydb, run by
clienttests (TestSQLAlchemy) with ENTITYDB_URL set and the ct fixture
loaded. psycopg2 interpolates parameters into the query text, so every
statement arrives through the simple protocol with literals. Raises on the
first failure."""
import os

import psycopg2
import sqlalchemy as sa

url = os.environ["ENTITYDB_URL"]

# psycopg2: client-side parameters, transactions, bytea, arrays, errors.
conn = psycopg2.connect(url)
cur = conn.cursor()
for i in range(20):
    cur.execute("SELECT id, tags FROM ct.entities WHERE id = %s", ("e%d" % (i % 5 + 1),))
    row = cur.fetchone()
    assert row[0] == "e%d" % (i % 5 + 1), row
    assert isinstance(row[1], list), row
cur.execute("SELECT count(*) FROM ct.entities WHERE tags @> %s", (["type:task"],))
assert cur.fetchone()[0] == 3
cur.execute("INSERT INTO ct.entities (id, tags, content) VALUES (%s, %s, %s)", ("p2", ["via:psycopg2"], psycopg2.Binary(b"\x00\xffz")))
conn.commit()
cur.execute("SELECT content FROM ct.entities WHERE id = %s", ("p2",))
assert bytes(cur.fetchone()[0]) == b"\x00\xffz"
try:
    cur.execute("INSERT INTO ct.entities (id, tags) VALUES (%s, %s)", ("p2", ["dup"]))
    raise AssertionError("duplicate insert succeeded")
except psycopg2.errors.UniqueViolation:
    conn.rollback()
conn.close()

# SQLAlchemy: the engine's first-connect checks, reflection, Core queries.
engine = sa.create_engine(url.replace("postgres://", "postgresql+psycopg2://", 1))
insp = sa.inspect(engine)
assert "ct" in insp.get_schema_names(), insp.get_schema_names()
assert insp.get_table_names(schema="ct") == ["entities"], insp.get_table_names(schema="ct")
cols = [(c["name"], str(c["type"])) for c in insp.get_columns("entities", schema="ct")]
assert [c[0] for c in cols] == ["id", "tags", "content", "created_at", "updated_at"], cols
pk = insp.get_pk_constraint("entities", schema="ct")
assert pk["constrained_columns"] == ["id"], pk
meta = sa.MetaData()
entities = sa.Table("entities", meta, schema="ct", autoload_with=engine)
with engine.begin() as c:
    rows = c.execute(
        sa.select(entities.c.id).where(entities.c.tags.contains(["status:open"])).order_by(entities.c.id)
    ).fetchall()
    assert [r[0] for r in rows] == ["e1", "e3", "e5"], rows
    c.execute(entities.insert().values(id="sa1", tags=["via:sqlalchemy"]))
    n = c.execute(sa.select(sa.func.count()).select_from(entities).where(entities.c.tags.any("via:sqlalchemy"))).scalar()
    assert n == 1, n
print("sqlalchemy ok")
