#!/usr/bin/env bash
# The GPU engine on a machine with an NVIDIA GPU and no network, in one command:
#   bash bench/gpu-device.sh [FOLDER] [--quick]
# (FOLDER: made by npm run pack-gpu-device, default .gpu-device; --quick: a tenth of the iterations)
# Unpacks the folder's Node, Dawn and (where the machine has none) Vulkan
# loader into a temporary directory, finds the NVIDIA Vulkan driver, and runs
# bench/gpuDevice.ts's bundle: the self-check, then pain, motor_sequence_learning
# and large_motor on the GPU against the CPU engine on all cores, the null
# compared value by value, and 5,000 large_motor iterations through the command
# line. One JSON line per run on stdout; exits non-zero when a GPU null differs
# from the CPU's or no adapter works.
set -euo pipefail
folder=.gpu-device
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then folder=$1; shift; fi
folder=$(cd "$folder" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gunzip -c "$folder/node.gz" >"$work/node"
chmod +x "$work/node"
cp -r "$folder/app" "$work/app"
gunzip -c "$folder/dawn.node.gz" >"$work/app/node_modules/webgpu/dist/linux-x64/dawn.node"
cp -r "$folder/data" "$work/data"

# Dawn opens libvulkan.so.1: the machine's, or the Debian one carried along.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  for deb in "$folder"/libvulkan1_*.deb; do
    mkdir -p "$work/vulkan"
    if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$deb" "$work/vulkan"; else (cd "$work/vulkan" && ar x "$deb" && tar xf data.tar.*); fi
  done
  export LD_LIBRARY_PATH="$work/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# The NVIDIA driver's Vulkan manifest, where the loader may not look on its own.
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$work}"

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/{"nvidia_smi":"/; s/$/"}/'
cd "$work"
status=0
"$work/node" "$work/app/cli/gpuBench.mjs" "$work/data" "$@" || status=$?
exit $status
