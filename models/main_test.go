package models_test

import (
	"os"
	"testing"

	"techmarket/models/modeltest"
)

// TestMain drops the migrated templates the tests' databases were copied
// from.
func TestMain(m *testing.M) {
	code := m.Run()
	modeltest.DropTemplates()
	os.Exit(code)
}
