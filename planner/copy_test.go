package planner

import (
	"context"
	"strings"
	"testing"
)

func TestCopy(t *testing.T) {
	ts := newTestEnv(t).session()
	ts.exec("CREATE SCHEMA c")
	cases := []struct {
		name, sql string
		data      []string
		tag       string
	}{
		{"text", "COPY c.entities (id, tags, content) FROM STDIN", []string{"a\t{x,y}\t\\\\x6869\n", "b\t{z}\t\\N\n"}, "COPY 2"},
		{"text split chunks", "COPY c.entities (id, tags) FROM STDIN", []string{"c\t{p", ",q}\nd\t{r}\n\\.\n"}, "COPY 2"},
		{"csv header", "COPY c.entities (id, tags, content) FROM STDIN WITH (FORMAT csv, HEADER)", []string{"id,tags,content\ne,\"{a,b}\",\ng,{c},\"\"\n"}, "COPY 2"},
	}
	for _, c := range cases {
		r := &recorder{copyIn: c.data}
		if err := ts.s.ExecSimple(context.Background(), c.sql, r); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(r.tags) != 1 || r.tags[0] != c.tag {
			t.Fatalf("%s: tags %v", c.name, r.tags)
		}
	}
	got := fmtRows(ts.query("SELECT id, tags, content FROM c.entities ORDER BY id"))
	want := "a|{x,y}|\\x6869\nb|{z}|NULL\nc|{p,q}|NULL\nd|{r}|NULL\ne|{a,b}|NULL\ng|{c}|\\x\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	r := ts.exec("COPY (SELECT id, tags FROM c.entities WHERE tags && '{x,z}' ORDER BY id) TO STDOUT")
	if strings.Join(r.copyOut, "") != "a\t{x,y}\nb\t{z}\n" || r.tags[0] != "COPY 2" {
		t.Fatalf("copy out %q %v", r.copyOut, r.tags)
	}
	r = ts.exec("COPY c.entities (id, tags) TO STDOUT WITH (FORMAT csv, HEADER)")
	if !strings.HasPrefix(strings.Join(r.copyOut, ""), "id,tags\n") || r.tags[0] != "COPY 6" {
		t.Fatalf("copy out csv %q %v", r.copyOut, r.tags)
	}
	rec := &recorder{copyIn: []string{"zz\n"}}
	err := ts.s.ExecSimple(context.Background(), "COPY c.entities (id, tags) FROM STDIN", rec)
	if err == nil || !strings.Contains(err.Error(), "22P04") {
		t.Fatalf("missing column: %v", err)
	}
	ts.expectOne("SELECT count(*) FROM c.entities", "6")
}
