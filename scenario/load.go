package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/shieldsim/shield/sim"
)

// Scenario is a loaded and checked scenario file: the run configuration for package sim,
// and what the file says about itself.
type Scenario struct {
	Name        string
	Description string
	// Sources are the public sources the scenario rests on, as the file lists them.
	Sources []string
	// Config is the fully resolved run configuration; it has passed sim's Validate.
	Config *sim.Config
	// ReportEngageability (run.report_engageability) asks the run to report, for every
	// threat, the engagement windows each site would have had whatever policy decided.
	ReportEngageability bool
}

// Info summarises a scenario for listings.
type Info struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Threats counts ballistic flights (a salvo counts each launch), Sites interceptor sites,
	// Radars ground radars, Interceptors the interceptors in all silos at the epoch.
	Threats      int `json:"threats"`
	Aircraft     int `json:"aircraft"`
	Sites        int `json:"sites"`
	Interceptors int `json:"interceptors"`
	Radars       int `json:"radars"`
}

// Info summarises s.
func (s *Scenario) Info() Info {
	in := Info{Name: s.Name, Description: s.Description, Threats: len(s.Config.Threats),
		Aircraft: len(s.Config.Aircraft), Sites: len(s.Config.Sites), Radars: len(s.Config.Radars)}
	for _, site := range s.Config.Sites {
		in.Interceptors += site.Count
	}
	return in
}

// Load reads a scenario from data; name is the file name used in error positions. It checks
// everything a run would trip over (syntax, unknown keys, types, ranges, references between
// entries, places and classes against the catalogs, the policy's CEL rules, that every threat
// can be flown to its aim point) and returns every problem found, at most MaxErrors, as an
// *ErrorList whose entries name file:line:column and the field path. It reads no files: the
// caller supplies the bytes.
func Load(name string, data []byte) (*Scenario, error) {
	r := newReport(name, data)
	root := parseYAML(r, data)
	if root == nil {
		return nil, r.err()
	}
	var f fileScenario
	d := &decoder{r: r}
	d.decode(root, "", reflect.ValueOf(&f).Elem())
	b := newBuilder(r, &f)
	b.build()
	if err := r.err(); err != nil {
		return nil, err
	}
	b.cfg.ReportEngageability = f.Run.ReportEngageability
	return &Scenario{
		Name:                f.Name,
		Description:         strings.TrimSpace(f.Description),
		Sources:             f.Sources,
		Config:              b.cfg,
		ReportEngageability: f.Run.ReportEngageability,
	}, nil
}

// parseYAML parses the single document of a scenario file and returns its root mapping, or
// nil after reporting why there is none.
func parseYAML(r *report, data []byte) (root *yaml.Node) {
	defer func() {
		// yaml.v3 has panicked on malformed input in the past; such input is a syntax error
		// of the file, not a crash of the caller.
		if p := recover(); p != nil {
			root = nil
			r.addAt("", 1, 1, "YAML syntax: %v", p)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.addAt("", 1, 1, "empty file: a scenario is a YAML mapping with at least name, epoch, run and parties")
			return nil
		}
		line := syntaxErrorLine(data, err)
		r.addAt("", line, 1, "YAML syntax: %s", strings.TrimPrefix(yamlMessage(err), "yaml: "))
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		line := 1
		if err == nil {
			line = max(next.Line, 1)
		} else {
			line = syntaxErrorLine(data, err)
		}
		r.addAt("", line, 1, "a scenario file holds one YAML document; a second one starts here")
		return nil
	}
	if len(doc.Content) == 0 {
		r.addAt("", 1, 1, "empty file: a scenario is a YAML mapping with at least name, epoch, run and parties")
		return nil
	}
	root = doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		r.addAt("", 1, 1, "empty document: a scenario is a YAML mapping with at least name, epoch, run and parties")
		return nil
	}
	if root.Kind != yaml.MappingNode {
		r.add("", root, "a scenario is a mapping of keys (name, epoch, run, parties, ...), got %s", describe(root))
		return nil
	}
	return root
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlMessage strips yaml.v3's "line N:" from a syntax error, which the position carries.
func yamlMessage(err error) string {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		return "yaml: " + msg[len(m[0]):]
	}
	return msg
}

// syntaxErrorLine finds the line of a yaml.v3 syntax error. yaml.v3 names the line in most
// messages; for the few it does not, the error's line is the first line at which a prefix of
// the file fails with the same message.
func syntaxErrorLine(data []byte, err error) int {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil && n > 0 {
			return n
		}
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	var prefix []byte
	for i, l := range lines {
		prefix = append(prefix, l...)
		var n yaml.Node
		if e := safeUnmarshal(prefix, &n); e != nil && e.Error() == err.Error() {
			return i + 1
		}
	}
	return 1
}

func safeUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: %v", p)
		}
	}()
	return yaml.Unmarshal(data, n)
}
