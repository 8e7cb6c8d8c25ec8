# shellcheck shell=sh
# threadrt: find a JDK 22 or newer (java.lang.foreign is final since JDK 22).
#
# POSIX sh, meant to be sourced (by ./mvnw, and by the ./threadrt launcher):
#
#     . "$dir/.mvn/find-jdk.sh" && threadrt_find_jdk || exit 1
#
# threadrt_find_jdk sets and exports JAVA_HOME to a JDK whose major version is at
# least 22 (both bin/java and bin/javac present), chosen as:
#   1. JAVA_HOME, when it is set and is such a JDK (when it is set but older, or not
#      a JDK, one line on stderr says so and the search goes on);
#   2. else the newest such JDK under /usr/lib/jvm/*, ~/.sdkman/candidates/java/*,
#      /Library/Java/JavaVirtualMachines/*/Contents/Home;
#   3. else the JDK behind the javac found on PATH, if it is new enough.
# It also sets (does not export) THREADRT_JAVA_MAJOR, e.g. 25.
# When none is found it prints one line on stderr and returns 1.
#
# The major version comes from the JDK's `release` file (JAVA_VERSION="25.0.1"),
# or, lacking it, from `bin/java -version`.
#
# Knobs, mainly for testing:
#   THREADRT_JDK_MIN          minimum major version (default 22)
#   THREADRT_JDK_SEARCH_PATH  colon-separated list of glob patterns of JDK homes,
#                             searched instead of the default places and of PATH
#                             (e.g. "/opt/jdks/*:$HOME/jdk-*"); set it to an
#                             empty-matching pattern to search nowhere
#
# Safe under `set -euf`: it turns globbing on while it runs and restores the caller's
# options and IFS. Its helper variables all start with _trt_ and are unset at the end.

# Print the version string (e.g. 25.0.3, 1.8.0_412, 26-ea) of the JDK at $1, or nothing.
_threadrt_jdk_version() {
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$1/release" 2>/dev/null | sed -n 1p
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/^[^"]*version "\([^"]*\)".*$/\1/p' | sed -n 1p
  fi
}

# Print the major version of version string $1 (1.8.0_412 -> 8, 25.0.3 -> 25, 26-ea -> 26), or 0.
_threadrt_jdk_major() {
  _trt_v=$1
  case $_trt_v in 1.*) _trt_v=${_trt_v#1.} ;; esac
  _trt_v=${_trt_v%%[!0-9]*}
  printf '%s\n' "${_trt_v:-0}"
}

# Print a number that orders versions: major*1000000 + minor*1000 + patch.
_threadrt_jdk_rank() {
  _trt_v=$1
  case $_trt_v in 1.*) _trt_v=${_trt_v#1.} ;; esac
  _trt_r1=${_trt_v%%[!0-9]*}; _trt_v=${_trt_v#"$_trt_r1"}; _trt_v=${_trt_v#[._]}
  _trt_r2=${_trt_v%%[!0-9]*}; _trt_v=${_trt_v#"$_trt_r2"}; _trt_v=${_trt_v#[._]}
  _trt_r3=${_trt_v%%[!0-9]*}
  # No leading zeros (1.8.0_08 would read as octal).
  while :; do case $_trt_r2 in 0?*) _trt_r2=${_trt_r2#0} ;; *) break ;; esac; done
  while :; do case $_trt_r3 in 0?*) _trt_r3=${_trt_r3#0} ;; *) break ;; esac; done
  # Cap the parts so that the sum stays ordered and small.
  [ "${#_trt_r2}" -le 3 ] || _trt_r2=999
  [ "${#_trt_r3}" -le 3 ] || _trt_r3=999
  printf '%s\n' "$(( ${_trt_r1:-0} * 1000000 + ${_trt_r2:-0} * 1000 + ${_trt_r3:-0} ))"
}

# Consider the JDK home $1 as a candidate; keeps the best one in _trt_best*.
_threadrt_jdk_consider() {
  [ -d "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _trt_cv=$(_threadrt_jdk_version "$1")
  [ -n "$_trt_cv" ] || return 0
  [ "$(_threadrt_jdk_major "$_trt_cv")" -ge "$_trt_min" ] || return 0
  _trt_cr=$(_threadrt_jdk_rank "$_trt_cv")
  if [ -z "$_trt_best" ] || [ "$_trt_cr" -gt "$_trt_best_rank" ]; then
    _trt_best=$1 _trt_best_rank=$_trt_cr _trt_best_version=$_trt_cv
  fi
  return 0
}

threadrt_find_jdk() {
  _trt_opts=$-
  _trt_oldifs=${IFS-}
  _trt_hadifs=${IFS+x}
  set +f
  _trt_min=${THREADRT_JDK_MIN:-22}
  _trt_best='' _trt_best_rank=0 _trt_best_version='' _trt_found=1

  # 1. JAVA_HOME, if it is good enough.
  if [ -n "${JAVA_HOME-}" ]; then
    _trt_jh=${JAVA_HOME%/}
    if [ ! -x "$_trt_jh/bin/java" ] || [ ! -x "$_trt_jh/bin/javac" ]; then
      echo "threadrt: JAVA_HOME=$JAVA_HOME is not a JDK (no bin/java and bin/javac); looking for a JDK $_trt_min or newer elsewhere" >&2
    else
      _trt_jv=$(_threadrt_jdk_version "$_trt_jh")
      _trt_jm=$(_threadrt_jdk_major "${_trt_jv:-0}")
      if [ "$_trt_jm" -ge "$_trt_min" ]; then
        _trt_best=$_trt_jh _trt_best_version=$_trt_jv
      else
        echo "threadrt: JAVA_HOME=$JAVA_HOME is Java ${_trt_jv:-of unknown version}, too old (need $_trt_min or newer); looking for another JDK" >&2
      fi
    fi
  fi

  # 2. The usual places, newest first.
  if [ -z "$_trt_best" ]; then
    if [ -n "${THREADRT_JDK_SEARCH_PATH+x}" ]; then
      _trt_search=$THREADRT_JDK_SEARCH_PATH
      _trt_where="THREADRT_JDK_SEARCH_PATH=$THREADRT_JDK_SEARCH_PATH"
    else
      _trt_search="/usr/lib/jvm/*:${HOME:-/nonexistent}/.sdkman/candidates/java/*:/Library/Java/JavaVirtualMachines/*/Contents/Home"
      _trt_where="/usr/lib/jvm, ~/.sdkman/candidates/java, /Library/Java/JavaVirtualMachines, PATH"
    fi
    IFS=:
    for _trt_pat in $_trt_search; do
      # Unquoted on purpose: IFS is ':' so only the glob expands, spaces survive.
      for _trt_dir in $_trt_pat; do
        _threadrt_jdk_consider "${_trt_dir%/}"
      done
    done
    if [ -n "$_trt_hadifs" ]; then IFS=$_trt_oldifs; else unset IFS; fi

    # 3. The javac on PATH (only when searching the default places).
    if [ -z "$_trt_best" ] && [ -z "${THREADRT_JDK_SEARCH_PATH+x}" ]; then
      _trt_javac=$(command -v javac 2>/dev/null || :)
      if [ -n "$_trt_javac" ]; then
        _trt_javac=$(readlink -f "$_trt_javac" 2>/dev/null || printf '%s\n' "$_trt_javac")
        _trt_dir=${_trt_javac%/bin/javac}
        [ "$_trt_dir" = "$_trt_javac" ] || _threadrt_jdk_consider "$_trt_dir"
      fi
    fi

    if [ -n "$_trt_best" ] && [ -n "${JAVA_HOME-}" ]; then
      echo "threadrt: using JAVA_HOME=$_trt_best (Java $_trt_best_version)" >&2
    fi
  fi

  if [ -n "$_trt_best" ]; then
    JAVA_HOME=$_trt_best
    export JAVA_HOME
    # shellcheck disable=SC2034 # read by ./mvnw and ./threadrt
    THREADRT_JAVA_MAJOR=$(_threadrt_jdk_major "$_trt_best_version")
    _trt_found=0
  else
    echo "threadrt: no JDK $_trt_min or newer found (looked at JAVA_HOME and $_trt_where); install one, e.g. 'apt-get install openjdk-25-jdk' or Temurin 25, or set JAVA_HOME" >&2
  fi

  case $_trt_opts in *f*) set -f ;; esac
  _trt_rc=$_trt_found
  unset _trt_opts _trt_oldifs _trt_hadifs _trt_min _trt_best _trt_best_rank _trt_best_version \
    _trt_found _trt_jh _trt_jv _trt_jm _trt_search _trt_where _trt_pat _trt_dir _trt_javac \
    _trt_cv _trt_cr _trt_v _trt_r1 _trt_r2 _trt_r3
  eval "unset _trt_rc; return $_trt_rc"
}
