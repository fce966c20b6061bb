#!/usr/bin/env bash
# Adds every new public symbol of the library to src/TcpModel/PublicAPI.Unshipped.txt (RS0016)
# and drops removed ones (RS0017). Review the diff of that file: it is the package's API surface.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet format analyzers src/TcpModel/TcpModel.csproj --diagnostics RS0016 RS0017 --severity warn "$@"
