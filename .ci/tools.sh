#!/usr/bin/env bash
# Makes sure the tools the test suite starts are installed; says what is missing and how to get it otherwise.
set -euo pipefail
export PATH="$HOME/.pyenv/shims:$HOME/.local/bin:$PATH"
missing=()
command -v java >/dev/null || missing+=("java (a JDK 17 or newer)")
command -v moto_server >/dev/null || missing+=("moto_server (pip install 'moto[server]')")
command -v cfn-lint >/dev/null || missing+=("cfn-lint (pip install cfn-lint)")
if [ ${#missing[@]} -gt 0 ] && command -v pip >/dev/null; then
  echo "tools: installing missing Python tools with pip" >&2
  pip install --quiet 'moto[server]' cfn-lint >&2 || true
  hash -r
  missing=()
  command -v moto_server >/dev/null || missing+=("moto_server (pip install 'moto[server]')")
  command -v cfn-lint >/dev/null || missing+=("cfn-lint (pip install cfn-lint)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "tools: the test suite needs these and they are not installed:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "tools: java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(moto_server --version 2>/dev/null || echo moto_server), $(cfn-lint --version)" >&2
