# platforms/targets.sh: sourced by platforms/matrix, build, pack and jvm-smoke. Reads the target list
# stubgen writes (platforms/targets.tsv, from stubgen's Targets.java); no script keeps a list of its own.
#
#   target_names [COLUMN VALUE]   every target in the table's order, or those whose COLUMN is VALUE
#   target_field TARGET COLUMN    one field ("-" means none); status 1 for an unknown target
targets_tsv=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/targets.tsv

# Prints the rows as "name<TAB>value..." after resolving the header line's column names.
_targets_awk() {
  awk -F'\t' -v want_col="${1:-}" -v want_val="${2:-}" -v target="${3:-}" -v field="${4:-}" '
    /^#/ || NF == 0 { next }
    !header { for (i = 1; i <= NF; i++) col[$i] = i; header = 1; next }
    target != "" { if ($1 == target) { if (!(field in col)) exit 2; print $col[field]; found = 1 } next }
    want_col == "" || $col[want_col] == want_val { print $1 }
    END { if (target != "" && !found) exit 1 }
  ' "$targets_tsv"
}

target_names() { _targets_awk "${1:-}" "${2:-}"; }
target_field() { _targets_awk "" "" "$1" "$2"; }
