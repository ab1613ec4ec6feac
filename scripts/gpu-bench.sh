#!/usr/bin/env bash
# The GPU routes measured beside wasm on one machine: prints nvidia-smi, builds the CLI, then runs
# `shapes bench train` of the default CNN and bench-cnn on wasm (this machine's CPUs), on tfjs-node-gpu 4.22.0
# (installed for the run, then removed) and on webgpu through Dawn (the `webgpu` package), and writes
# summary.json and summary.md (backend, net, train and infer samples/s, or "unavailable: reason") to the output
# folder. It goes on past every failure and leaves the committed files as they were. Nothing depends on it.
#
# Usage: scripts/gpu-bench.sh [OUT_DIR] [options]       (OUT_DIR defaults to $OUT)
#   --seconds S       seconds per measurement, after warm-up (default: 3)
#   --no-peer         skip the PyTorch peer (python3-torch, 2 threads) beside the wasm runs
#   --tarballs DIR    pre-fetched npm tarballs for a machine without the registry (also $SHAPES_GPU_TARBALLS):
#                     tensorflow-tfjs-node-gpu-4.22.0.tgz, webgpu-0.6.2.tgz (`npm pack NAME@VERSION`); their own
#                     dependencies must be in pnpm's store, and tfjs-node-gpu's install script still fetches
#                     libtensorflow unless TFJS_NODE_BASE_URI or TFJS_NODE_CDN_STORAGE name a mirror
#   --skip-build      use the packages as built (default: build @shapes/cli and what it needs)
#   --force-install   install tfjs-node-gpu even where nvidia-smi finds no GPU
# A package already installed (tfjs-node-gpu beside packages/cli, webgpu beside packages/runtime) is used as is.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 1

out="${OUT:-}"
seconds=3
peer=1
tarballs="${SHAPES_GPU_TARBALLS:-}"
build=1
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:-}"; shift 2 || shift ;;
    --no-peer) peer=0; shift ;;
    --tarballs) tarballs="${2:-}"; shift 2 || shift ;;
    --skip-build) build=0; shift ;;
    --force-install) force=1; shift ;;
    -h | --help) sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1 (scripts/gpu-bench.sh --help lists them)" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
if [ -z "$out" ]; then
  echo 'error: no output folder: give one (scripts/gpu-bench.sh DIR) or set OUT.' >&2
  exit 2
fi
if ! [[ "$seconds" =~ ^[0-9]*\.?[0-9]+$ ]]; then
  echo "error: --seconds must be a positive number of seconds (got \"$seconds\")." >&2
  exit 2
fi
mkdir -p "$out/runs" && out="$(cd "$out" && pwd)" || exit 1
rm -f "$out"/runs/*

# npm's cache serves pnpm on a machine without the registry, if it ran there once.
pnpm() { npx --yes --prefer-offline pnpm@12.4.2 "$@"; }
say() { printf '[gpu-bench] %s\n' "$*" >&2; }
ARCHS=(default bench-cnn)
# One bench run may not hang the script: warm-up, two measurements, the peer and Dawn's probe, with room.
run_limit=$(awk -v s="$seconds" 'BEGIN { printf "%d", 300 + 4 * s }')

# --- Committed files the installs touch are copied here first and put back at exit, whatever happens.
backup="$(mktemp -d)"
kept=()
linked=()
keep() {
  local f
  for f in "$@"; do
    [ -e "$backup/${f//\//__}" ] && continue
    cp -p "$f" "$backup/${f//\//__}" && kept+=("$f")
  done
}
restore() {
  local f l
  for f in ${kept[@]+"${kept[@]}"}; do cp -p "$backup/${f//\//__}" "$f"; done
  for l in ${linked[@]+"${linked[@]}"}; do rm -rf "$l"; done
  if [ ${#linked[@]} -gt 0 ]; then
    # The links are gone already; this only tidies pnpm's own records of them.
    pnpm install --frozen-lockfile --offline >"$out/restore.log" 2>&1 ||
      say "note: 'pnpm install --frozen-lockfile' did not finish offline ($out/restore.log); run it to tidy node_modules"
    say "removed what the run installed: ${linked[*]}"
  fi
  rm -rf "$backup"
}
trap restore EXIT
trap 'exit 130' INT TERM

# Whether node finds package $1 from folder $2 (a package that exports no package.json is there all the same).
resolves() {
  node -e 'try { require.resolve(`${process.argv[1]}/package.json`, { paths: [process.argv[2]] }) }
    catch (e) { if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") process.exit(1) }' "$1" "$2"
}

# Installs $2 (a name@version, or its tarball from --tarballs) into workspace package $1 (a folder); $3 is pnpm's
# extra flag. Sets install_error to why, on failure.
install_error=''
install_into() {
  local dir=$1 spec=$2 flag=$3 name=${2%@*} tarball=''
  if [ -n "$tarballs" ]; then
    tarball="$(ls "$tarballs"/"$(echo "${name#@}" | tr / -)"-*.tgz 2>/dev/null | head -n 1)"
    [ -n "$tarball" ] && spec="$tarball"
  fi
  say "installing $spec into $dir (for this run only)..."
  keep pnpm-workspace.yaml pnpm-lock.yaml "$dir/package.json"
  if ! grep -q "^  '$name':" pnpm-workspace.yaml && ! grep -q "^  $name:" pnpm-workspace.yaml; then
    # pnpm 12 runs no dependency's install script unless allowBuilds allows it (tfjs-node-gpu's fetches libtensorflow).
    sed -i "/^allowBuilds:/a\\  '$name': true" pnpm-workspace.yaml
  fi
  local log="$out/install-${name//\//-}.log" code=0 last link="$dir/node_modules/$name" had=0
  if [ -e "$link" ] || [ -L "$link" ]; then had=1; fi
  timeout 1200 npx --yes --prefer-offline pnpm@12.4.2 --filter "./$dir" add $flag "$spec" >"$log" 2>&1 || code=$?
  # Whatever pnpm linked goes at exit, even after a failed install.
  if [ "$had" = 0 ] && { [ -e "$link" ] || [ -L "$link" ]; }; then linked+=("$link"); fi
  if [ "$code" = 0 ] && resolves "$name" "$dir"; then return 0; fi
  # The first line that names the failure (pnpm's ERR_PNPM_ code, a fetch error, the install script's), else the last.
  last="$(awk '/ERR_PNPM_|FetchError|E[A-Z]{4,}|[Ee]rror:|failed/ && !n { n = 1 } n && NF { print; if (++n > 3) exit }' "$log" |
    sed -E 's/^(npm error|ERROR) *//; s/(×|╰─▶|│)//g' | tr -s ' \n' ' ' | cut -c1-300)"
  [ -n "$last" ] || last="$(grep -v '^\s*$' "$log" | tail -n 1 | cut -c1-300)"
  install_error="install of $spec failed (exit $code; $log): ${last:-no message}"
  return 1
}

unavailable() { # backend arch reason
  printf '%s\n' "$3" >"$out/runs/$1--$2.unavailable"
  say "$1, $2: unavailable: $3"
}

# `shapes bench train` of net $2 on backend $1: its JSON, or why not (the command's `error:` line).
bench() {
  local backend=$1 arch=$2 base="$out/runs/$1--$2"
  local extra=(--no-peer)
  [ "$backend" = wasm ] && [ "$peer" = 1 ] && extra=()
  local code=0 line
  say "$backend, $arch: shapes bench train --seconds $seconds..."
  timeout "$run_limit" node packages/cli/dist/index.js bench train --arch "$arch" --backend "$backend" \
    --seconds "$seconds" --json ${extra[@]+"${extra[@]}"} >"$base.json" 2>"$base.log" || code=$?
  if [ "$code" = 0 ]; then
    say "$backend, $arch: done"
    return
  fi
  rm -f "$base.json"
  # The command's `error:` line, without the words that only repeat the question and the fix for a person.
  line="$(grep -m 1 '^error: ' "$base.log" | sed -E -e 's/^error: //' \
    -e 's/^The [a-z-]+ backend was asked for \(--backend\) but cannot run here: //' \
    -e 's/\.? Leave --backend out to use the fastest backend that runs\.$//' | cut -c1-400)"
  [ -n "$line" ] || line="$(grep -v '^\s*$' "$base.log" | tail -n 1 | cut -c1-400)"
  [ "$code" = 124 ] && line="did not finish in $run_limit s${line:+; $line}"
  unavailable "$backend" "$arch" "${line:-exit $code with no message} (exit $code)"
}

# --- The GPU, as the driver sees it.
gpu=''
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi 2>&1 | tee "$out/nvidia-smi.txt" >&2
  gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -n 1)"
else
  echo 'nvidia-smi: not found' | tee "$out/nvidia-smi.txt" >&2
fi
# tfjs-node-gpu 4.22.0's libtensorflow loads CUDA 11 and cuDNN 8 by these names, or runs on the CPU.
cuda=''
for lib in libcudart.so.11.0 libcudnn.so.8; do
  if ldconfig -p 2>/dev/null | grep -q "$lib"; then cuda+="$lib found; "; else cuda+="$lib not found; "; fi
done
cuda="${cuda%; }"

# --- Build what the benches run: the CLI and the packages under it (the Dawn probe is @shapes/runtime's).
if [ "$build" = 1 ]; then
  say 'building @shapes/cli and its dependencies...'
  if [ ! -x node_modules/.bin/turbo ]; then pnpm install --frozen-lockfile --prefer-offline >&2 || true; fi
  node_modules/.bin/turbo run build --filter=@shapes/cli... --output-logs=errors-only >&2 ||
    say 'note: the build failed; going on with what is built'
fi
if [ ! -f packages/cli/dist/index.js ]; then
  echo 'error: packages/cli/dist/index.js is missing: install and build first (npx pnpm@12.4.2 install; run without --skip-build).' >&2
  exit 1
fi
node packages/cli/dist/index.js info --backend cpu --json >"$out/info.json" 2>/dev/null || echo '{}' >"$out/info.json"

# --- wasm on this machine's CPUs: the figures the GPU routes stand beside.
for arch in "${ARCHS[@]}"; do bench wasm "$arch"; done

# --- tfjs-node-gpu (libtensorflow; CUDA 11 and cuDNN 8 for the GPU), imported from packages/cli's folder.
if resolves @tensorflow/tfjs-node-gpu packages/cli; then
  say 'tfjs-node-gpu: already installed beside packages/cli'
  ready=1
elif [ -z "$gpu" ] && [ "$force" = 0 ]; then
  install_error='no NVIDIA GPU here (nvidia-smi found none), so it was not installed (--force-install tries anyway)'
  ready=0
elif install_into packages/cli @tensorflow/tfjs-node-gpu@4.22.0 ''; then
  ready=1
else
  ready=0
fi
for arch in "${ARCHS[@]}"; do
  if [ "$ready" = 1 ]; then bench tfjs-node-gpu "$arch"; else unavailable tfjs-node-gpu "$arch" "$install_error"; fi
done

# --- webgpu on Dawn: the `webgpu` package, which @shapes/runtime imports from its own folder.
if resolves webgpu packages/runtime; then
  ready=1
elif install_into packages/runtime webgpu@0.6.2 --save-dev; then
  ready=1
else
  ready=0
fi
if [ "$ready" = 1 ]; then
  # Dawn's own answer (adapter, or where it stops), beside the benches' reasons.
  timeout 120 node packages/runtime/dist/node/dawn-probe.js >"$out/dawn-probe.json" 2>"$out/dawn-probe.log" || true
  for arch in "${ARCHS[@]}"; do bench webgpu "$arch"; done
else
  for arch in "${ARCHS[@]}"; do unavailable webgpu "$arch" "$install_error"; done
fi

# --- summary.json and summary.md.
GPU="$gpu" CUDA="$cuda" SECONDS_PER="$seconds" node --input-type=module - "$out" <<'EOF'
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const json = (file) => {
  try {
    return JSON.parse(read(file));
  } catch {
    return undefined;
  }
};
const info = json(join(out, 'info.json')) ?? {};
const probe = json(join(out, 'dawn-probe.json'));
const rows = [];
const peers = [];
for (const backend of ['wasm', 'tfjs-node-gpu', 'webgpu']) {
  for (const arch of ['default', 'bench-cnn']) {
    const base = join(out, 'runs', `${backend}--${arch}`);
    const result = json(`${base}.json`);
    const log = read(`${base}.log`);
    if (!result || typeof result.trainSamplesPerSec !== 'number') {
      const reason = read(`${base}.unavailable`).trim() || 'no result (see the run log)';
      rows.push({ backend, arch, status: 'unavailable', reason });
      continue;
    }
    const notes = [];
    if (result.backend === 'wasm') notes.push(`SIMD ${result.simd ? 'on' : 'off'}, ${result.threads} threads`);
    if (result.adapter) {
      const a = result.adapter;
      notes.push(`Dawn adapter: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' ')}`);
    }
    // libtensorflow says in its own log lines whether it made a GPU device or fell back to the CPU.
    if (backend === 'tfjs-node-gpu') {
      if (/device:GPU:\d/.test(log)) notes.push('libtensorflow created a GPU device');
      else if (/Could not load dynamic library|cuda|CUDA/.test(log)) notes.push('libtensorflow found no usable CUDA: ran on the CPU');
      else notes.push('libtensorflow named no GPU device in its log');
    }
    rows.push({
      backend,
      arch,
      status: 'ok',
      batch: result.batch,
      trainSamplesPerSec: result.trainSamplesPerSec,
      inferSamplesPerSec: result.inferSamplesPerSec,
      ...(result.adapter ? { adapter: result.adapter } : {}),
      ...(result.threads ? { threads: result.threads, simd: result.simd } : {}),
      notes: notes.join('; '),
    });
    const p = result.peer;
    if (backend === 'wasm' && p && typeof p.trainSamplesPerSec === 'number') {
      peers.push({ name: p.name, threads: p.threads, arch, trainSamplesPerSec: p.trainSamplesPerSec, inferSamplesPerSec: p.inferSamplesPerSec });
    }
  }
}
const wasmTrain = Object.fromEntries(rows.filter((r) => r.backend === 'wasm' && r.status === 'ok').map((r) => [r.arch, r.trainSamplesPerSec]));
for (const r of rows) {
  if (r.status === 'ok' && wasmTrain[r.arch]) r.trainVsWasm = Math.round((100 * r.trainSamplesPerSec) / wasmTrain[r.arch]) / 100;
}
const machine = {
  ...(info.machine ?? {}),
  gpu: process.env.GPU || null,
  cuda: process.env.CUDA || null,
  dawnProbe: probe ?? null,
};
const summary = { date: new Date().toISOString(), secondsPerMeasurement: Number(process.env.SECONDS_PER), machine, runs: rows, pytorchPeer: peers };
writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

const rate = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const esc = (s) => String(s).replaceAll('|', '\\|');
const lines = [
  '# GPU routes beside wasm: `shapes bench train`',
  '',
  `${summary.date}; ${machine.cpu ?? 'CPU unknown'}, ${machine.cores ?? '?'} cores; node ${machine.node ?? '?'} on ${machine.platform ?? '?'}`,
  '',
  `GPU: ${machine.gpu ?? 'none found by nvidia-smi'}; CUDA for tfjs-node-gpu: ${machine.cuda ?? '?'}; Dawn: ${
    probe ? (probe.ok ? 'a working adapter' : `${probe.reason}`) : 'not probed'
  }`,
  '',
  `${summary.secondsPerMeasurement} s per measurement after warm-up; batch 32 (fixed random batches).`,
  '',
  '| backend | net | train samples/s | infer samples/s | train vs wasm | notes |',
  '| --- | --- | ---: | ---: | ---: | --- |',
  ...rows.map((r) =>
    r.status === 'ok'
      ? `| ${r.backend} | ${r.arch} | ${rate(r.trainSamplesPerSec)} | ${rate(r.inferSamplesPerSec)} | ${r.trainVsWasm ?? ''} | ${esc(r.notes)} |`
      : `| ${r.backend} | ${r.arch} | unavailable | | | ${esc(r.reason)} |`,
  ),
  ...peers.map((p) => `| ${p.name} (${p.threads ?? 2} threads, CPU) | ${p.arch} | ${rate(p.trainSamplesPerSec)} | ${rate(p.inferSamplesPerSec)} | ${wasmTrain[p.arch] ? Math.round((100 * p.trainSamplesPerSec) / wasmTrain[p.arch]) / 100 : ''} | the PyTorch peer of the wasm run |`),
  '',
];
writeFileSync(join(out, 'summary.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
EOF
say "wrote $out/summary.json and $out/summary.md"
