#!/usr/bin/env bash
# lean-sandbox COMMAND [ARG...]: runs one Lean process (lean --server, lake serve) under bubblewrap, for leanforge's
# --server-cmd, which runs its command through `sh -c` in the project directory and talks LSP over stdin/stdout:
#
#   leanforge check Foo.lean --server-cmd "lean-sandbox lean --server -Dserver.reportDelayMs=0"
#
# Inside the sandbox a candidate proof (code run at elaboration time: #eval, run_cmd, initialize, elaborators) sees:
#   /usr (and the /bin, /lib, /lib64, /sbin links or directories)  read-only: the C library Lean links against
#   the toolchain (LEANFORGE_LEAN_HOME, symlinks resolved)          read-only, first on PATH
#   the project directory (the current directory)                  read-only: theorems, .lake, lakefile
#   /tmp                                                            an empty tmpfs, gone with the process
#   /proc, /dev                                                     its own, minimal
# and nothing else: not the store, runs/, checkpoints/, HOME or other users' files. It has no network and its own
# PID, IPC, UTS and cgroup namespaces (--unshare-all), dies with leanforge's server process (--die-with-parent) and
# cannot reach the terminal (--new-session). stdin/stdout/stderr pass through unchanged, so LSP works.
#
# bwrap needs unprivileged user namespaces. In a container that means a seccomp profile allowing them (Docker's
# default profile blocks unshare/clone of namespaces); see docs/docker.md.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: lean-sandbox COMMAND [ARG...]   (e.g. lean-sandbox lean --server)" >&2
  exit 2
fi
if ! command -v bwrap > /dev/null; then
  echo "lean-sandbox: bwrap (bubblewrap) is not installed" >&2
  exit 2
fi

lean_home="$(readlink -f "${LEANFORGE_LEAN_HOME:-/opt/lean}")"
if [ ! -x "$lean_home/bin/lean" ]; then
  echo "lean-sandbox: no Lean toolchain at $lean_home (set LEANFORGE_LEAN_HOME to a toolchain directory)" >&2
  exit 2
fi
project="$(pwd -P)"

args=(--ro-bind /usr /usr)
# Merged-/usr systems have /bin, /lib, … as links into /usr; others have real directories.
for dir in /bin /lib /lib64 /sbin; do
  if [ -L "$dir" ]; then
    args+=(--symlink "$(readlink "$dir")" "$dir")
  elif [ -d "$dir" ]; then
    args+=(--ro-bind "$dir" "$dir")
  fi
done
# The tmpfs before the binds: a toolchain or project under /tmp stays visible on top of it.
args+=(
  --proc /proc
  --dev /dev
  --tmpfs /tmp
  --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache
  --ro-bind "$lean_home" "$lean_home"
  --ro-bind "$project" "$project"
  --unshare-all
  --die-with-parent
  --new-session
  --clearenv
  --setenv PATH "$lean_home/bin:/usr/bin:/bin"
  --setenv HOME /tmp
  --setenv LANG C.UTF-8
  --chdir "$project"
)
exec bwrap "${args[@]}" -- "$@"
