package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "512": 512, "1B": 1, "2KiB": 2048, "3MiB": 3 << 20, "256MiB": 256 << 20,
		"1GiB": 1 << 30, "2GB": 2 << 30, "1 TiB": 1 << 40, "5kb": 5 << 10,
	} {
		got, err := parseSize(in)
		if err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "x", "-1", "1XB", "MiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}

func TestCommands(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "entitydb ") {
		t.Fatalf("version: %d %q", code, out.String())
	}
	if code := run([]string{"bogus"}, &out, &errOut); code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
	errOut.Reset()
	if code := run([]string{"serve", "-h"}, &out, &errOut); code != 0 || !strings.Contains(errOut.String(), "ENTITYDB_LISTEN") {
		t.Fatalf("serve -h: %d\n%s", code, errOut.String())
	}
	t.Setenv("ENTITYDB_LOG_LEVEL", "loud")
	errOut.Reset()
	if code := run([]string{"serve"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "loud") {
		t.Fatalf("bad env log level: %d\n%s", code, errOut.String())
	}
}
