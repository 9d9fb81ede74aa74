// Command oracle prints what Go's encoding/json and strconv produce for test inputs, so the Swift
// GoJSON tests can compare against the real thing. Standard library only.
//
//	oracle escape  < records   (each: 4-byte little-endian length, then the string's bytes)
//	               > one json.Marshal(string) per line
//	oracle float   < lines of 16 hex digits (IEEE-754 bits)
//	               > "<json.Marshal(f)> <strconv.FormatFloat(f,'g',-1,64)>" per line
//	oracle canon   < a stream of JSON values
//	               > per value: compact form, NUL, MarshalIndent(.., "", "  ") form, NUL
//
// Go 1.22 changed json.Marshal to write \b and \f instead of \u0008 and \u000c. The installed
// Go is older, so outputs are rewritten to the 1.22 spelling (Kubernetes is built with >= 1.22).
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var err error
	switch os.Args[1] {
	case "escape":
		err = escape(in, out)
	case "float":
		err = floats(in, out)
	case "canon":
		err = canon(in, out)
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		out.Flush()
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func escape(in *bufio.Reader, out *bufio.Writer) error {
	var header [4]byte
	for {
		if _, err := io.ReadFull(in, header[:]); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		data := make([]byte, binary.LittleEndian.Uint32(header[:]))
		if _, err := io.ReadFull(in, data); err != nil {
			return err
		}
		encoded, err := json.Marshal(string(data))
		if err != nil {
			return err
		}
		out.Write(go122Escapes(encoded))
		out.WriteByte('\n')
	}
}

func floats(in *bufio.Reader, out *bufio.Writer) error {
	scanner := bufio.NewScanner(in)
	for scanner.Scan() {
		bits, err := strconv.ParseUint(scanner.Text(), 16, 64)
		if err != nil {
			return err
		}
		f := math.Float64frombits(bits)
		encoded, err := json.Marshal(f)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s %s\n", encoded, strconv.FormatFloat(f, 'g', -1, 64))
	}
	return scanner.Err()
}

func canon(in *bufio.Reader, out *bufio.Writer) error {
	dec := json.NewDecoder(in)
	dec.UseNumber()
	for {
		var compact bytes.Buffer
		err := writeValue(dec, &compact)
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		var indented bytes.Buffer
		if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
			return err
		}
		out.Write(go122Escapes(compact.Bytes()))
		out.WriteByte(0)
		out.Write(go122Escapes(indented.Bytes()))
		out.WriteByte(0)
	}
}

// writeValue re-marshals one value token by token, so object member order is kept.
func writeValue(dec *json.Decoder, buf *bytes.Buffer) error {
	token, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := token.(type) {
	case json.Delim:
		if v == '{' {
			buf.WriteByte('{')
			for first := true; dec.More(); first = false {
				if !first {
					buf.WriteByte(',')
				}
				key, err := dec.Token()
				if err != nil {
					return err
				}
				encoded, _ := json.Marshal(key.(string))
				buf.Write(encoded)
				buf.WriteByte(':')
				if err := writeValue(dec, buf); err != nil {
					return err
				}
			}
			buf.WriteByte('}')
		} else {
			buf.WriteByte('[')
			for first := true; dec.More(); first = false {
				if !first {
					buf.WriteByte(',')
				}
				if err := writeValue(dec, buf); err != nil {
					return err
				}
			}
			buf.WriteByte(']')
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case string:
		encoded, _ := json.Marshal(v)
		buf.Write(encoded)
	case json.Number:
		buf.WriteString(string(v))
	case bool:
		buf.WriteString(strconv.FormatBool(v))
	case nil:
		buf.WriteString("null")
	}
	return nil
}

// go122Escapes rewrites \u0008 and \u000c escapes to \b and \f, stepping over escape pairs so
// an escaped backslash followed by "u0008" text is left alone.
func go122Escapes(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			switch string(b[i+2 : i+6]) {
			case "0008":
				out = append(out, '\\', 'b')
				i += 5
				continue
			case "000c":
				out = append(out, '\\', 'f')
				i += 5
				continue
			}
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}
