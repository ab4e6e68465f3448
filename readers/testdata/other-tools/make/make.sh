#!/bin/sh
# Regenerates the fixtures of readers/testdata/other-tools with LibreOffice.
# Run from that folder; needs soffice and python3. Not run by the tests.
set -e
W=$(mktemp -d)
cp make/gen.py make/inline.py "$W"
(cd "$W" && python3 gen.py && python3 inline.py inline-strings.xlsx)
so() { loc=$1; shift; LC_ALL=$loc LANG=$loc HOME=$W soffice -env:UserInstallation=file://$W/profile-$loc --headless "$@"; }
so en_US.UTF-8 --convert-to xlsx --outdir "$W/o" "$W/catalog.fods"
so fr_FR.UTF-8 --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1036,false,false,true' --outdir "$W/o/fr" "$W/catalog.fods"
so es_ES.UTF-8 --convert-to 'csv:Text - txt - csv (StarCalc):59,34,1,1,,3082,false,false,true' --outdir "$W/o/es" "$W/catalog.fods"
so zh_CN.UTF-8 --convert-to 'csv:Text - txt - csv (StarCalc):44,34,85,1,,2052,false,false,true' --outdir "$W/o/zh" "$W/catalog-zh.fods"
so en_US.UTF-8 --convert-to 'txt:Text - txt - csv (StarCalc):9,34,65535,1,,1033,false,false,true' --outdir "$W/o/u16" "$W/catalog.fods"
cp "$W/catalog-utf8.csv" "$W/catalog.fods" "$W/catalog-zh.fods" "$W/inline-strings.xlsx" .
cp "$W/o/catalog.xlsx" libreoffice.xlsx
cp "$W/o/fr/catalog.csv" libreoffice-fr-semicolon.csv
{ printf '\357\273\277'; cat "$W/o/fr/catalog.csv"; } > libreoffice-fr-semicolon-bom.csv
cp "$W/o/es/catalog.csv" libreoffice-es-windows1252.csv
cp "$W/o/zh/catalog-zh.csv" libreoffice-zh-gb18030.csv
cp "$W/o/u16/catalog.txt" libreoffice-unicode-text.txt
rm -rf "$W"
