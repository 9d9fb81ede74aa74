// Oracle for the GoYAML tests: runs sigs.k8s.io/yaml (go-yaml v2) on test inputs.
//
// Input on stdin: a sequence of records, each "<decimal byte length>\n<bytes>".
// Output on stdout: for each record "ok <length>\n<bytes>" or "err <length>\n<message>".
// Mode (first argument): "json2yaml" runs JSONToYAML, "yaml2json" runs YAMLToJSON.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsontoyaml json2yaml|yaml2json < records")
		os.Exit(2)
	}
	convert := yaml.JSONToYAML
	if os.Args[1] == "yaml2json" {
		convert = yaml.YAMLToJSON
	}
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		header, err := in.ReadString('\n')
		if err == io.EOF && header == "" {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad record header:", err)
			os.Exit(1)
		}
		n, err := strconv.Atoi(strings.TrimSpace(header))
		if err != nil || n < 0 {
			fmt.Fprintln(os.Stderr, "bad record length:", header)
			os.Exit(1)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(in, body); err != nil {
			fmt.Fprintln(os.Stderr, "short record:", err)
			os.Exit(1)
		}
		result, err := convertSafely(convert, body)
		if err != nil {
			msg := err.Error()
			fmt.Fprintf(out, "err %d\n%s", len(msg), msg)
			continue
		}
		fmt.Fprintf(out, "ok %d\n", len(result))
		out.Write(result)
	}
}

// go-yaml panics on a few inputs; report those as errors rather than dying mid-stream.
func convertSafely(convert func([]byte) ([]byte, error), body []byte) (result []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return convert(body)
}
