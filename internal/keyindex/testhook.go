package keyindex

// LoseFile closes the table's temporary file of hashes under it, as a disk
// that can be neither written nor read back would: the keys before are no
// longer found and Err says so. It exists for the tests of callers, which
// must say when a duplicate may have been missed.
func (t *Table) LoseFile() {
	if t.m != nil {
		t.m.hashes.LoseFile()
	}
}
