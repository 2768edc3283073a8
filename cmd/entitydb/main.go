// Command entitydb is the EntityDB server.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "entitydb: not yet implemented")
	os.Exit(1)
}
