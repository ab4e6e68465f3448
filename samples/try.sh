#!/bin/sh
# Try aecheck on the sample catalog: `sh samples/try.sh`.
#
# It builds the aecheck program into bin/ (compiling it and its libraries
# the first time, which takes about a minute, with a progress line so the
# wait is not silent), then runs it: on samples/catalog.xlsx when called
# without arguments, else with the arguments given, e.g.
#   sh samples/try.sh check my-catalog.xlsx -o report.xlsx
# Later runs start at once; bin/aecheck can then be run directly.
# AECHECK_BIN names another place for the program (the tests use it).
set -eu
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
	echo "aecheck needs Go 1.26 or newer to build: get it from https://go.dev/dl/ and run this again." >&2
	exit 127
fi
exe=${AECHECK_BIN:-bin/aecheck$(go env GOEXE)}

echo "aecheck: building $exe (the first time takes about a minute; later runs start at once)"
total=$(go list -deps ./cmd/aecheck 2>/dev/null | wc -l | tr -d ' ')
# go build -v names each package as it is compiled: count them for the
# progress line and pass every other line (downloads, errors) through.
{
	code=0
	go build -v -o "$exe" ./cmd/aecheck 2>&1 || code=$?
	echo "try.sh-exit $code"
} | {
	n=0
	last=0
	while IFS= read -r line; do
		case $line in
		"try.sh-exit "*)
			code=${line#try.sh-exit }
			[ "$n" -gt 0 ] && echo "  compiled $n parts"
			exit "$code"
			;;
		*" "* | "#"*) printf '%s\n' "$line" >&2 ;;
		*)
			n=$((n + 1))
			now=$(date +%s)
			if [ $((now - last)) -ge 5 ]; then
				echo "  compiling: $n of about $total parts"
				last=$now
			fi
			;;
		esac
	done
	exit 1 # the build stopped without saying how
}

if [ "$#" -eq 0 ]; then
	set -- check --rules samples/rules.yaml --fail-on never samples/catalog.xlsx -o report.xlsx
	echo "aecheck: checking samples/catalog.xlsx"
	"$exe" "$@"
	echo "Open report.xlsx. Next time run the program directly, e.g.: $exe check your-catalog.xlsx -o report.xlsx"
else
	exec "$exe" "$@"
fi
