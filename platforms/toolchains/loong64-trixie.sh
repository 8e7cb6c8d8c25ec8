# platforms/toolchains/loong64-trixie.sh, sourced by the two loongarch64 wrappers beside it.
#
# Bookworm has no loongarch64 C library and its qemu-user (7.2) lacks instructions that
# Debian's loong64 glibc uses. Debian trixie has both: the cross glibc (libc6-dev-loong64-cross
# and the libgcc files clang links with) and qemu-user 10 (static binaries). They are fetched
# once, with Debian's signatures checked (platforms/debian/archive.sh), and unpacked with dpkg -x
# into ${THREADRT_CACHE:-$HOME/.cache/threadrt}/loong64-trixie, which then serves as clang's
# --sysroot and holds qemu-loongarch64. Nothing is installed into the system.

# shellcheck source=platforms/debian/archive.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/debian/archive.sh"

loong64_trixie_packages=(libc6-dev-loong64-cross libc6-loong64-cross linux-libc-dev-loong64-cross
  libgcc-13-dev-loong64-cross libgcc-s1-loong64-cross qemu-user)

# Prints the sysroot's path, fetching it first when it is not there; on failure says why on
# stderr and returns 1.
loong64_trixie_root() {
  local cache=${THREADRT_CACHE:-$HOME/.cache/threadrt}
  local sysroot=$cache/loong64-trixie
  if [[ -f $sysroot/.threadrt-ready ]]; then
    echo "$sysroot"
    return 0
  fi
  local say="threadrt loong64-trixie:"
  local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mirror=$(debian_mirror)
  [[ -n $mirror ]] || { echo "$say no Debian mirror in /etc/apt/sources.list{,.d} (set THREADRT_DEBIAN_MIRROR)" >&2; return 1; }
  [[ -r $keyring ]] || { echo "$say $keyring missing (install debian-archive-keyring)" >&2; return 1; }
  local root=$cache/apt-loong64-trixie
  debian_apt_prepare "$root" amd64 "$mirror" trixie "$keyring" || return 1
  local apt=(env APT_CONFIG="$root/apt.conf" apt-get -c "$root/apt.conf" -q)
  echo "$say fetching ${loong64_trixie_packages[*]} from $mirror trixie into $sysroot" >&2
  if ! "${apt[@]}" update >"$root/update.log" 2>&1; then
    echo "$say 'apt-get update' of trixie from $mirror failed (log: $root/update.log)" >&2
    return 1
  fi
  # Exactly these packages (apt-get download checks each against the signed index): the rest
  # of their dependency closure is bookworm's own libc and tools, already on this machine.
  if ! (cd "$root/cache/archives" && "${apt[@]}" download "${loong64_trixie_packages[@]}") >"$root/download.log" 2>&1; then
    echo "$say downloading from trixie failed (log: $root/download.log)" >&2
    return 1
  fi
  local tmp=$sysroot.tmp.$$ deb
  rm -rf "$tmp" && mkdir -p "$tmp" || return 1
  for deb in "$root"/cache/archives/*.deb; do
    dpkg -x "$deb" "$tmp" || { echo "$say dpkg -x $(basename "$deb") failed" >&2; rm -rf "$tmp"; return 1; }
  done
  # qemu-user brings every architecture's emulator (about 470 MB): keep loongarch64's only.
  find "$tmp/usr/bin" -name 'qemu-*' ! -name qemu-loongarch64 -delete
  rm -rf "$tmp/usr/share/doc" "$tmp/usr/share/man"
  [[ -x $tmp/usr/bin/qemu-loongarch64 && -f $tmp/usr/loongarch64-linux-gnu/lib/libc.so.6 ]] || {
    echo "$say the packages unpacked without qemu-loongarch64 or libc.so.6" >&2; rm -rf "$tmp"; return 1; }
  (cd "$root/cache/archives" && ls ./*.deb) | sed 's|^\./||' >"$tmp/.threadrt-ready"
  rm -rf "$sysroot" && mv "$tmp" "$sysroot" || return 1
  rm -rf "$root"
  echo "$sysroot"
}
