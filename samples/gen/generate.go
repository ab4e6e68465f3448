package main

// go generate ./... makes the files derived from the samples again, in
// this order: the XLSX twin of the sample catalog (the same bytes for the
// same CSV), the built-in rules already parsed, the recognition data
// without its words (checks/recognition_gen.go), the default lists and
// recognition data already compiled (checks/recognition.bin, made from the
// rules just parsed), and the golden outputs of the command and of the
// report writers. Review the diff before a commit.
//go:generate go run . twin ../catalog.csv ../catalog.xlsx
//go:generate go test ../../internal/i18n -run TestFilesGo -update
//go:generate go test ../../checks -run TestDefaultsGo -update
//go:generate go test ../../checks -run TestRecognitionGo -update
//go:generate go test ../../checks -run TestPrecompiled -update
//go:generate go test ../../cmd/aecheck -run Golden -update
//go:generate go test ../../reports -update
