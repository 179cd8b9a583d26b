#!/usr/bin/env bash
# Installs the Debian packages Tyr's test suite and virtual lab need. Idempotent: it only runs
# apt-get when a package is missing, and `apt-get update` only when the package lists are stale.
set -euo pipefail

packages=(
  postgresql            # scale-out database, and the dialect loop of the DB tests
  ipmitool openipmi     # real IPMI client and the ipmi_sim BMC simulator
  python3-ironicclient python3-openstackclient  # the real `baremetal` CLI
  qemu-system-x86 ipxe-qemu ipxe cpio           # lab machines, their PXE ROM, TFTP iPXE binaries
  ovmf                  # UEFI firmware of the lab machines (--firmware uefi|uefi-secure)
  busybox-static syslinux syslinux-common mtools dosfstools fdisk  # test ramdisk and disk images
  dnsmasq-base iproute2 # dnsmasq DHCP mode, tested in a network namespace
  # tools the ramdisk carries, copied from the host with their libraries (ramdisk-elements/)
  pciutils qemu-utils gdisk parted mdadm smartmontools stress-ng fio kmod
  efibootmgr            # the agent's UEFI boot entries, carried in the ramdisk (mtools, above, reads the ESP)
  genisoimage           # config drives (ISO9660, label config-2) built by the conductor
  mariadb-server        # a real MySQL-family source for the nova-baremetal migration tests
  curl
  # Nova's own code for the tyr_nova adapter tests, and what Nova's unit-test base classes import
  python3-nova python3-oslotest python3-fixtures python3-testtools python3-ddt python3-wsgi-intercept
  # openstacksdk, whose own baremetal functional tests judge wire compatibility (test/compat)
  python3-openstacksdk
  # Placement, started in-process by Nova's PlacementFixture for the nova-boot functional suite (test/nova)
  python3-placement
  # Redfish: the lab's tyr-redfish-sim is judged by real clients (sushy is what Ironic's redfish
  # driver uses); virtual-media boot ISOs are built with xorriso and isolinux
  python3-sushy redfishtool xorriso isolinux
  # (their UEFI El Torito image: mkfs.fat and mtools, above; shim/GRUB as for the Secure Boot chain)
  chromium              # the web console's browser tests (driven by playwright-core, headless)
  prometheus            # promtool, which checks the /metrics exposition
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

lists_age=$(( $(date +%s) - $(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0) ))
if [ ! -d /var/lib/apt/lists/partial ] || [ "$lists_age" -gt 86400 ] || ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
  $SUDO apt-get update -q
fi

echo "system deps: installing ${missing[*]}"
# The postgresql package would start a cluster through systemd/policy-rc.d; tests run their own.
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
