package scenario

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// report collects the errors of one load and knows where every path sits in the file.
type report struct {
	file string
	src  []byte
	// nodes maps each decoded path ("threats[2].class") to its value node.
	nodes map[string]*yaml.Node
	// failed holds the paths whose value could not be decoded: later checks stay quiet about
	// them and everything below them, since the decoder already said what is wrong.
	failed map[string]bool
	list   ErrorList
	// srcLines is src split into lines of code points, built on first use (see lines).
	srcLines [][]rune
}

func newReport(file string, src []byte) *report {
	return &report{file: file, src: src, nodes: map[string]*yaml.Node{}, failed: map[string]bool{}}
}

// add reports a problem at node n.
func (r *report) add(path string, n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, max(n.Column, 1)
	}
	r.addAt(path, line, col, format, args...)
}

func (r *report) addAt(path string, line, col int, format string, args ...any) {
	// Keep the position inside the file: yaml.v3 places an empty value after a last line that
	// has no line break on the line after it.
	if lines := r.lines(); line > len(lines) {
		line, col = len(lines), len(lines[len(lines)-1])+1
	}
	msg := strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ")
	r.list.Errors = append(r.list.Errors, &Error{File: r.file, Line: line, Column: col, Path: path, Message: msg})
}

// bad reports a value that could not be decoded, and silences later checks of it.
func (r *report) bad(path string, n *yaml.Node, format string, args ...any) {
	r.failed[path] = true
	r.add(path, n, format, args...)
}

// errf reports a problem with the field at path, at the position of its node or, for a key
// the file leaves out, of the nearest enclosing one. Problems under a field that failed to
// decode are dropped.
func (r *report) errf(path string, format string, args ...any) {
	if r.silenced(path) {
		return
	}
	r.add(path, r.node(path), format, args...)
}

// silenced reports whether path or one of its ancestors failed to decode.
func (r *report) silenced(path string) bool {
	for p := path; p != ""; p = parentPath(p) {
		if r.failed[p] {
			return true
		}
	}
	return false
}

// node returns the node of path or of its nearest recorded ancestor (nil if none).
func (r *report) node(path string) *yaml.Node {
	for p := path; ; p = parentPath(p) {
		if n, ok := r.nodes[p]; ok {
			return n
		}
		if p == "" {
			return nil
		}
	}
}

// parentPath strips the last key or index: "a.b[2]" -> "a.b" -> "a" -> "".
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// has reports whether the file writes the key at path.
func (r *report) has(path string) bool {
	_, ok := r.nodes[path]
	return ok
}

// err returns the collected errors as an *ErrorList, or nil.
func (r *report) err() error {
	if len(r.list.Errors) == 0 {
		return nil
	}
	r.list.sortAndCap()
	l := r.list
	return &l
}
