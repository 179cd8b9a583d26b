#!/usr/bin/env bash
# The chassis_control program ipmi_sim runs synchronously (see shared/LAB.md):
#   chassis-control.sh <node dir> get power boot   → prints "power:0|1" and "boot:<dev>"
#   chassis-control.sh <node dir> set power 1|0 | set reset 1 | set boot <dev> | set shutdown 1 | set identify …
# State lives in files in the node dir, so tests can read it and change it behind Tyr's back.
# Mode (file <dir>/mode, default "fake"): "fake" only keeps state in files. "qemu" also drives a
# VM through the hook (<dir>/qemu-hook if present, else qemu-hook.sh next to this program): power
# on starts the VM, power off kills it, and the power state read back is whether the VM runs.
set -u
dir="$1"; shift
op="${1:-}"; shift || true
mode="$(cat "$dir/mode" 2>/dev/null || echo fake)"

hook="$dir/qemu-hook"
[ -x "$hook" ] || hook="$(dirname "$0")/qemu-hook.sh"

read_state() { cat "$dir/$1" 2>/dev/null || echo "$2"; }
write_state() { printf '%s\n' "$2" > "$dir/$1.tmp" && mv "$dir/$1.tmp" "$dir/$1"; }

# Hooks for the machine behind the BMC. In fake mode they do nothing.
machine_hook() {
  case "$mode" in
    fake) return 0 ;;
    qemu)
      "$hook" "$dir" "$@" </dev/null >>"$dir/hook.log" 2>&1 ;;
    *) echo "unknown chassis mode: $mode" >&2; return 1 ;;
  esac
}

case "$op" in
  get)
    for what in "$@"; do
      case "$what" in
        power)
          # A guest can power itself off, so in qemu mode the VM's process is the truth.
          if [ "$mode" = qemu ]; then echo "power:$("$hook" "$dir" status </dev/null 2>/dev/null || echo 0)"
          else echo "power:$(read_state power 0)"; fi ;;
        boot) echo "boot:$(read_state boot default)" ;;
      esac
    done ;;
  set)
    while [ $# -ge 2 ]; do
      what="$1"; val="$2"; shift 2
      case "$what" in
        power)
          # A "stuck" file makes the chassis accept power changes and ignore them, like a
          # machine whose PSU does not follow the BMC.
          [ -e "$dir/stuck" ] && continue
          machine_hook power "$val" || exit 1
          write_state power "$val" ;;
        shutdown)
          # Soft off: a real OS would shut down; the fake chassis turns off at once.
          [ -e "$dir/stuck" ] && continue
          machine_hook shutdown "$val" || exit 1
          write_state power 0 ;;
        reset)
          machine_hook reset "$val" || exit 1
          # The qemu hook starts a VM that was off, as a reset of a powered-off chassis.
          [ "$mode" = qemu ] && write_state power 1
          echo "$(date +%s.%N)" >> "$dir/resets" ;;
        boot)
          case "$val" in
            pxe|default|cdrom|bios|none) ;;
            *) echo "unsupported boot device: $val" >&2; exit 1 ;;
          esac
          machine_hook boot "$val" || exit 1
          write_state boot "$val" ;;
        identify) ;;
        *) echo "unknown setting: $what" >&2; exit 1 ;;
      esac
    done ;;
  *) echo "usage: $0 <dir> get|set …" >&2; exit 1 ;;
esac
exit 0
