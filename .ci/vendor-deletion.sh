#!/usr/bin/env bash
# Vendor deletion check: proves that each vendor is a leaf of the library.
#
# For each vendor (DashScope, Zhipu, Qianfan, HuggingFace, Spark and the OpenAI *provider*), in a fresh temporary copy of the working tree
# (never in place), it deletes
#   - the vendor folder             src/LlmClients/<Vendor>/
#   - its emulator routes           src/LlmClients.Testing/<Vendor>/
#   - its tests                     tests/*/<Vendor>/ folders and tests/**/*<Vendor>* files (not the shared
#                                   layer's tests in tests/*/OpenAICompatible/)
#   - its public API baseline lines (its own types' lines in src/*/PublicAPI.*.txt; then any line the analyzer still
#     reports as gone, RS0017, provided it names the vendor: another public API vanishing fails the check, and a line
#     dropped wrongly would fail it too, RS0016)
# and then builds src/LlmClients and src/LlmClients.Testing with warnings as errors (the repository's setting).
#
# What a pass proves: nothing in the library or in the emulator (the shared OpenAICompatible/ layer, the plumbing in
# Http/, Resilience/, Auth/, Streaming/, Shared/, DependencyInjection/, and the other vendors) depends on the deleted
# vendor; the vendor list in configuration (ProviderCatalog) shrinks by itself because each vendor adds its own entry
# (<Vendor>/<Vendor>CatalogEntry.cs). The emulator works the same way: each vendor folder adds its routes
# (<Vendor>/EmulatorRouteModules.<Vendor>.cs) and its LlmEmulator property (<Vendor>/LlmEmulator.<Vendor>.cs, a part of the
# partial class), and owns its controls (EmulatorState.Part<T>), so nothing outside the folder names it. The shared layers
# src/LlmClients/OpenAICompatible/ and src/LlmClients.Testing/OpenAICompatible/ are not vendors and are not deleted.
#
# With --full it also builds the whole solution after the deletion and reports it separately. That part is
# informative: the conformance and flavour suites and the samples drive every vendor through shared harnesses, so they
# are expected to fail to compile without one of them.
#
# Usage: .ci/vendor-deletion.sh [--full] [Vendor...]      (default: DashScope Zhipu Qianfan HuggingFace Spark OpenAI)
# Exit status: 0 when the library and emulator build for every vendor tried, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

full=false
vendors=()
for arg in "$@"; do
  case "$arg" in
    --full) full=true ;;
    *) vendors+=("$arg") ;;
  esac
done
[ ${#vendors[@]} -eq 0 ] && vendors=(DashScope Zhipu Qianfan HuggingFace Spark OpenAI)

repo=$(pwd)
work=$(mktemp -d /tmp/vendor-deletion.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
failed=0
summary=()

build() { # build <project-or-solution> <log>
  dotnet build "$1" -nologo -v:q -clp:NoSummary >"$2" 2>&1
}

for vendor in "${vendors[@]}"; do
  copy="$work/$vendor"
  mkdir -p "$copy"
  # Tracked and untracked (not ignored) files of the working tree: what the next commit would hold, no bin/obj.
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | (cd "$copy" && tar -xf -)

  if [ ! -d "$copy/src/LlmClients/$vendor" ]; then
    echo "!! $vendor: no folder src/LlmClients/$vendor"
    summary+=("$vendor: no such vendor")
    failed=1
    continue
  fi

  (
    cd "$copy"
    rm -rf "src/LlmClients/$vendor" "src/LlmClients.Testing/$vendor"
    for t in tests/*/; do rm -rf "$t$vendor"; done
    find tests -type f -name "*$vendor*" -not -path "*/OpenAICompatible/*" -delete
    # Public API baseline lines of the vendor's own types (LlmClients.<Vendor>.*, LlmClients.Testing.<Vendor>.*, its
    # builder extensions, its LlmEmulator property). Anything missed here is caught by the RS0017 loop below.
    for baseline in src/*/PublicAPI.*.txt; do
      grep -vE "^((static|const|readonly|override|abstract|virtual|sealed|new) )*(LlmClients\.(Testing\.)?$vendor\.|Microsoft\.Extensions\.DependencyInjection\.$vendor[A-Z]|LlmClients\.Testing\.LlmEmulator$vendor[A-Z]|LlmClients\.Testing\.LlmEmulator\.$vendor\.)" "$baseline" >"$baseline.new"
      mv "$baseline.new" "$baseline"
    done
  )

  status=pass
  details=""
  for project in src/LlmClients/LlmClients.csproj src/LlmClients.Testing/LlmClients.Testing.csproj; do
    log="$copy/build-$(basename "$project" .csproj).log"
    name=$(basename "$project" .csproj)
    ok=false
    for attempt in 1 2 3; do
      if build "$copy/$project" "$log"; then ok=true; break; fi
      # The only errors we repair: public API lines of symbols that no longer exist (RS0017), each naming the vendor.
      mapfile -t gone < <(grep -oE "error RS0017: Symbol '[^']+'" "$log" | sed -E "s/^error RS0017: Symbol '(.*)'$/\1/" | sort -u)
      others=$(grep -E ': error ' "$log" | grep -v 'error RS0017' | sort -u)
      if [ ${#gone[@]} -eq 0 ] || [ -n "$others" ]; then break; fi
      for symbol in "${gone[@]}"; do
        if [[ "$symbol" != *"$vendor"* ]]; then
          echo "!! $vendor: the public API line '$symbol' vanished but does not name the vendor"
          others="RS0017 outside the vendor"
        fi
      done
      [ -n "$others" ] && break
      dir=$(dirname "$copy/$project")
      for symbol in "${gone[@]}"; do
        for baseline in "$dir"/PublicAPI.*.txt; do
          grep -vxF -- "$symbol" "$baseline" >"$baseline.new"; mv "$baseline.new" "$baseline"
        done
      done
      details+=" [$name: dropped ${#gone[@]} public API line(s) of $vendor]"
    done
    if $ok; then
      details+=" $name ok;"
    else
      status=FAIL
      details+=" $name FAILED;"
      echo "---- $vendor: $name errors"
      grep -E ': error ' "$log" | sed -E "s#^$copy/##" | sort -u | head -20
    fi
  done

  if $full; then
    if build "$copy/LlmClients.sln" "$copy/build-solution.log"; then
      details+=" solution ok;"
    else
      n=$(grep -E ': error ' "$copy/build-solution.log" | sort -u | wc -l)
      files=$(grep -E ': error ' "$copy/build-solution.log" | sed -E "s#^$copy/##; s#\(.*##" | sort -u | head -8 | tr '\n' ' ')
      details+=" solution: $n error(s) (informative) in $files;"
    fi
  fi

  [ "$status" = FAIL ] && failed=1
  summary+=("$vendor: $status —$details")
  rm -rf "$copy"
done

echo
echo "Vendor deletion ($((SECONDS - start)) s):"
for line in "${summary[@]}"; do echo "  $line"; done
exit $failed
