package scenario

import (
	_ "embed"
	"slices"
)

//go:embed schema/shield-scenario.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of the scenario format, for editors and other
// tools. It describes the same keys, types and ranges as Load (TestSchemaMatchesFormat keeps
// the two in step); Load also checks what a schema cannot: references between entries, names
// against the catalogs, CEL rules, and that every threat can be flown.
func Schema() []byte { return slices.Clone(schemaJSON) }
