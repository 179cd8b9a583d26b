#!/usr/bin/env bash
# The machine behind a lab BMC in "qemu" mode (see shared/LAB.md, "The chassis_control program").
# chassis-control.sh runs it synchronously for ipmi_sim:
#   qemu-hook.sh <node dir> power 1|0 | shutdown 1 | reset 1 | boot <dev> | status
# (tyr-redfish-sim in qemu mode runs it too, for power and boot, and speaks QMP on qmp.sock.)
# The VM's settings come from <node dir>/qemu.conf (shell variables written by the lab library):
#   QEMU_MEM (MiB), QEMU_CPUS, QEMU_MAC, QEMU_BOOT_URL (bootfile for QEMU's DHCP), QEMU_NETDEV_EXTRA
#   (appended to the -netdev user options: the agent's port forward), QEMU_DISK,
#   QEMU_SERIAL_PORT (TCP port of the serial console's telnet server, also SOL's target),
#   QEMU_EXTRA_MACS / QEMU_EXTRA_DISKS (space-separated: extra NICs, each on its own user-mode
#   network and never booted from; extra raw disks with serial numbers extra-1, extra-2, …).
# QEMU_NETNS and QEMU_TAP (optional): the first NIC is that tap, in that network namespace, and
# QEMU runs inside it, instead of user-mode networking (whose built-in DHCP a DHCP-less test must
# not have).
# QEMU_FIRMWARE (optional, default bios): bios → SeaBIOS on QEMU's default i440fx machine;
# uefi / uefi-secure → OVMF on q35, QEMU_OVMF_CODE read-only as pflash unit 0 and the node's own
# variable store QEMU_OVMF_VARS (written by the firmware: boot entries persist) as unit 1. The
# Secure Boot build of OVMF needs SMM and a pflash only SMM code may write.
# The VM has an IDE CD-ROM whose medium is <node dir>/cdrom.iso when that file exists (an empty
# drive otherwise; the Redfish sim changes media at run time through QMP).
# Only the PID in <node dir>/qemu.pid is ever signalled, and only after checking that it is the
# QEMU started with that pidfile (PIDs get reused).
set -u
dir="$1"; shift
op="${1:-}"; val="${2:-}"
# shellcheck source=/dev/null
. "$dir/qemu.conf"
pidfile="$dir/qemu.pid"
monitor="$dir/mon.sock"
qmp="$dir/qmp.sock"
cdrom="$dir/cdrom.iso"

# The PID of this node's QEMU, if it runs.
vm_pid() {
  local pid
  pid="$(cat "$pidfile" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "-pidfile $pidfile" || return 1
  echo "$pid"
}

# Boot order through bootindex with -boot strict=on, so that SeaBIOS tries only the devices
# listed: "pxe" → NIC, then disk; "cdrom" (or "cd") → CD, then disk; anything else → disk only
# (an empty disk then says "No bootable device" instead of falling through to PXE, which a legacy
# -boot order=c would do).
is_cd() { [ "$1" = cdrom ] || [ "$1" = cd ]; }
nic_index() { [ "$1" = pxe ] && echo 1 || echo -1; }
cd_index() { is_cd "$1" && echo 1 || echo -1; }
disk_index() { if [ "$1" = pxe ] || is_cd "$1"; then echo 2; else echo 1; fi; }
boot_dev() { cat "$dir/boot" 2>/dev/null || echo default; }

monitor_cmd() {
  /usr/bin/python3 - "$monitor" "$@" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(sys.argv[1])
time.sleep(0.1)
s.recv(65536)  # banner and prompt
for cmd in sys.argv[2:]:
    s.sendall((cmd + "\n").encode())
    time.sleep(0.2)
    s.recv(65536)
s.close()
EOF
}

# Machine and firmware arguments, into the array firmware_args; nic_rom, the first NIC's option
# ROM setting. QEMU's NIC ROM is iPXE (EFI build under OVMF), which OVMF tries before its own
# PXE. With user-mode networking that ROM is what follows the HTTP bootfile; on a network
# namespace's real DHCP it is dropped, so OVMF's native PXE does what a server's firmware does
# (DHCP with client arch 7, TFTP of the NBP, or UEFI HTTP boot).
firmware_devices() {
  firmware_args=()
  nic_rom=""
  if [ "${QEMU_FIRMWARE:-bios}" != bios ] && [ -n "${QEMU_TAP:-}" ]; then nic_rom=",romfile="; fi
  case "${QEMU_FIRMWARE:-bios}" in
    bios) ;;
    uefi) firmware_args=(-machine q35) ;;
    uefi-secure) firmware_args=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on) ;;
    *) echo "qemu.conf: unknown QEMU_FIRMWARE=$QEMU_FIRMWARE (bios, uefi or uefi-secure)" >&2; return 1 ;;
  esac
  if [ "${QEMU_FIRMWARE:-bios}" != bios ]; then
    firmware_args+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$QEMU_OVMF_CODE"
      -drive "if=pflash,format=raw,unit=1,file=$QEMU_OVMF_VARS")
  fi
}

# Device arguments for the extra NICs and disks, into the array extra_args.
extra_devices() {
  local k=0 mac file
  extra_args=()
  for mac in ${QEMU_EXTRA_MACS:-}; do
    k=$((k + 1))
    # A subnet of its own (10.0.<k+2>.0/24): two NICs in 10.0.2.0/24 would make the route to
    # the host (10.0.2.2) ambiguous in the guest.
    extra_args+=(-netdev "user,id=x$k,net=10.0.$((k + 2)).0/24" -device "virtio-net-pci,netdev=x$k,mac=$mac,romfile=")
  done
  k=0
  for file in ${QEMU_EXTRA_DISKS:-}; do
    k=$((k + 1))
    extra_args+=(-drive "file=$file,if=none,id=xd$k,format=raw" -device "virtio-blk-pci,drive=xd$k,serial=extra-$k")
  done
}

start_vm() {
  vm_pid >/dev/null && return 0
  extra_devices
  firmware_devices || return 1
  rm -f "$pidfile" "$monitor" "$qmp"
  local cd_medium=""
  [ -f "$cdrom" ] && cd_medium=",file=$cdrom,format=raw,readonly=on"
  [ -f "$dir/sercon-port" ] || printf '\xf8\x03' > "$dir/sercon-port"
  local netdev="user,id=n0,bootfile=$QEMU_BOOT_URL${QEMU_NETDEV_EXTRA:-}"
  local launcher=()
  if [ -n "${QEMU_TAP:-}" ]; then
    netdev="tap,id=n0,ifname=$QEMU_TAP,script=no,downscript=no"
    launcher=(ip netns exec "$QEMU_NETNS")
  fi
  # The hook inherits ipmi_sim's sockets and files; QEMU must not keep them open (it outlives
  # this program and would hold ipmi_sim's UDP port). Close every fd above 2 in the subshell
  # that becomes QEMU.
  (
    for fd in /proc/self/fd/*; do
      n="${fd##*/}"
      [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-" 2>/dev/null
    done
    exec "${launcher[@]}" qemu-system-x86_64 -accel tcg -m "$QEMU_MEM" -smp "$QEMU_CPUS" -name "$(basename "$dir")" \
      "${firmware_args[@]}" \
      -display none -vga none \
      -boot strict=on \
      -fw_cfg "name=etc/sercon-port,file=$dir/sercon-port" \
      -chardev "socket,id=ser0,host=127.0.0.1,port=$QEMU_SERIAL_PORT,server=on,wait=off,telnet=on,logfile=$dir/console.log,logappend=on" \
      -serial chardev:ser0 \
      -netdev "$netdev" \
      -device "virtio-net-pci,netdev=n0,mac=$QEMU_MAC,id=nic0$nic_rom,bootindex=$(nic_index "$(boot_dev)")" \
      -drive "file=$QEMU_DISK,if=none,id=disk0,format=raw" \
      -device "virtio-blk-pci,drive=disk0,id=disk0dev,bootindex=$(disk_index "$(boot_dev)")" \
      -drive "if=none,id=cd0,media=cdrom$cd_medium" \
      -device "ide-cd,drive=cd0,id=cd0dev,bootindex=$(cd_index "$(boot_dev)")" \
      "${extra_args[@]}" \
      -daemonize -pidfile "$pidfile" \
      -monitor "unix:$monitor,server=on,wait=off" \
      -qmp "unix:$qmp,server=on,wait=off"
  ) </dev/null >>"$dir/qemu.log" 2>&1
}

# Running and not a zombie: in containers whose PID 1 does not reap, a killed daemonized QEMU
# lingers as a zombie, which is off for our purposes.
running() {
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]
}

# Power off is a hard cut, as on a real chassis (SIGKILL), and answers at once: ipmitool waits
# only about a second for the BMC's reply.
stop_vm() {
  local pid i
  pid="$(vm_pid)" || return 0
  kill -KILL "$pid" 2>/dev/null
  for i in $(seq 50); do
    running "$pid" || break
    sleep 0.05
  done
  rm -f "$pidfile" "$monitor" "$qmp"
  return 0
}

case "$op" in
  power)
    if [ "$val" = 1 ]; then start_vm; else stop_vm; fi ;;
  shutdown)
    # Soft off: press the ACPI power button and answer at once, as a BMC does; whether the guest
    # obeys is for Tyr's power-state polling to find out.
    if vm_pid >/dev/null; then monitor_cmd system_powerdown 2>/dev/null || true; fi ;;
  reset)
    # A cold restart: QEMU starts with the boot device stored now, like a BIOS reading it at POST.
    stop_vm; start_vm ;;
  boot)
    # chassis-control.sh writes the boot file after this hook succeeds. Power on and reset read
    # that file; a running VM also gets the new order now (QEMU rebuilds the firmware's boot
    # order from bootindex on every reset), for reboots the guest starts itself.
    if vm_pid >/dev/null; then
      monitor_cmd "qom-set /machine/peripheral/nic0 bootindex $(nic_index "$val")" \
        "qom-set /machine/peripheral/cd0dev bootindex $(cd_index "$val")" \
        "qom-set /machine/peripheral/disk0dev bootindex $(disk_index "$val")" || true
    fi ;;
  status)
    if vm_pid >/dev/null; then echo 1; else echo 0; fi ;;
  *) echo "usage: $0 <dir> power|shutdown|reset|boot|status [value]" >&2; exit 1 ;;
esac
