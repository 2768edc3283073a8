// node-postgres against entitydb, run by clienttests (TestNodePostgres)
// with ENTITYDB_URL set and the ct fixture loaded. Exits non-zero on the
// first failed assertion.
'use strict';
const assert = require('assert');
const { Client } = require('pg');
const Cursor = require('pg-cursor');

async function main() {
  const c = new Client({ connectionString: process.env.ENTITYDB_URL });
  await c.connect();

  // Parameterised queries (P B D E S, text parameters).
  let r = await c.query('SELECT id, tags, content FROM ct.entities WHERE tags @> $1 ORDER BY id', [['type:task', 'status:open']]);
  assert.deepStrictEqual(r.rows.map((x) => x.id), ['e1', 'e3']);
  assert.deepStrictEqual(r.rows[0].tags, ['type:task', 'status:open', 'prio:1']);
  assert.ok(Buffer.isBuffer(r.rows[0].content));
  assert.strictEqual(r.rows[0].content.toString(), 'one');
  assert.strictEqual(r.rows[1].content, null);

  r = await c.query('INSERT INTO ct.entities (id, tags, content) VALUES ($1, $2, $3)', ['n1', ['via:node', 'x'], Buffer.from([0, 1, 2, 255])]);
  assert.strictEqual(r.command, 'INSERT');
  assert.strictEqual(r.rowCount, 1);
  r = await c.query('SELECT content FROM ct.entities WHERE id = $1', ['n1']);
  assert.deepStrictEqual([...r.rows[0].content], [0, 1, 2, 255]);

  // A named statement is parsed once and bound many times.
  for (let i = 0; i < 3; i++) {
    r = await c.query({ name: 'count-by-tags', text: 'SELECT count(*) AS n FROM ct.entities WHERE tags @> $1', values: [['type:task']] });
    assert.strictEqual(r.rows[0].n, '3');
  }

  // Simple-protocol query with no parameters, several statements.
  r = await c.query("SELECT 1 AS a; SELECT 'b' AS b");
  assert.strictEqual(r.length, 2);
  assert.strictEqual(r[1].rows[0].b, 'b');

  // pg-cursor: Execute with a row limit and Flush (no Sync) between reads.
  const cur = c.query(new Cursor('SELECT id FROM ct.entities ORDER BY id'));
  assert.deepStrictEqual((await cur.read(2)).map((x) => x.id), ['e1', 'e2']);
  assert.deepStrictEqual((await cur.read(2)).map((x) => x.id), ['e3', 'e4']);
  assert.deepStrictEqual((await cur.read(10)).map((x) => x.id), ['e5', 'n1']);
  assert.deepStrictEqual(await cur.read(10), []);
  await cur.close();

  // Errors carry the SQLSTATE; the connection stays usable.
  await assert.rejects(c.query('SELECT * FROM ct.nosuch'), (e) => e.code === '42P01');
  await assert.rejects(c.query('SELECT * FROM ct.nosuch WHERE id = $1', ['x']), (e) => e.code === '42P01');

  // Transactions.
  await c.query('BEGIN');
  await c.query('INSERT INTO ct.entities (id, tags) VALUES ($1, $2)', ['n2', ['via:node']]);
  await c.query('ROLLBACK');
  r = await c.query('SELECT count(*) AS n FROM ct.entities WHERE id = $1', ['n2']);
  assert.strictEqual(r.rows[0].n, '0');

  await c.end();

  // Wrong password.
  const bad = new Client({ connectionString: process.env.ENTITYDB_BAD_URL });
  await assert.rejects(bad.connect(), (e) => e.code === '28P01');
  console.log('node-postgres ok');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
