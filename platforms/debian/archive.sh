# platforms/debian/archive.sh, sourced by platforms/jvm-smoke and platforms/toolchains/*:
# Debian packages of another suite (trixie) for this machine's use, fetched through a
# private apt configuration (apt.conf.in beside this file) with the archive's signatures
# checked, never touching the system's apt state (/var/lib/apt, /var/lib/dpkg/status).
#
# Environment: THREADRT_DEBIAN_MIRROR (a Debian archive URL; default: the one in
# /etc/apt/sources.list{,.d}).

debian_archive_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# This machine's Debian archive URL: the first "deb" source (one-line .list or deb822
# .sources) whose suites include the system's own codename (not -security/-updates).
debian_mirror() {
  if [[ -n ${THREADRT_DEBIAN_MIRROR:-} ]]; then echo "${THREADRT_DEBIAN_MIRROR%/}"; return 0; fi
  local codename
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  [[ -n $codename ]] || codename=bookworm
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    if [[ $f == *.sources ]]; then
      awk -v want="$codename" '
        function flush() {
          if (types ~ /(^| )deb( |$)/ && enabled != "no") {
            n = split(suites, s, " ")
            for (i = 1; i <= n; i++) if (s[i] == want) { split(uris, u, " "); print u[1]; found = 1; exit }
          }
          types = ""; uris = ""; suites = ""; enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
          if (key == "types") types = $0; else if (key == "uris") uris = $0
          else if (key == "suites") suites = $0; else if (key == "enabled") enabled = tolower($0) }
        END { if (!found) flush() }' "$f"
    else
      sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk -v want="$codename" '$1 == "deb" && $3 == want { print $2; exit }'
    fi
  done | head -1 | sed 's:/*$::'
}

# debian_apt_prepare ROOT ARCH MIRROR SUITE KEYRING: a fresh private apt tree under ROOT for
# architecture ARCH with one source, "MIRROR SUITE main" signed by KEYRING, and an empty
# dpkg status. Use it as: env APT_CONFIG=ROOT/apt.conf apt-get -c ROOT/apt.conf ...
debian_apt_prepare() {
  local root=$1 arch=$2 mirror=$3 suite=$4 keyring=$5
  mkdir -p "$root" || return 1
  sed -e "s|@ROOT@|$root|g" -e "s|@ARCH@|$arch|g" "$debian_archive_dir/apt.conf.in" >"$root/apt.conf" || return 1
  rm -rf "${root:?}"/etc "${root:?}"/state "${root:?}"/cache "${root:?}"/log
  mkdir -p "$root"/etc/{apt.conf.d,sources.list.d,preferences.d,trusted.gpg.d} "$root"/state/lists/partial \
    "$root"/cache/archives/partial "$root"/log || return 1
  : >"$root/state/status"
  echo "deb [signed-by=$keyring] $mirror $suite main" >"$root/etc/sources.list"
}
