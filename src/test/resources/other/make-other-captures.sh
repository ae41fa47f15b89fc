#!/bin/bash
# Makes other-protocols.pcapng: ARP, ICMP, ICMPv6 (neighbour and router discovery, MLD), DNS over UDP, an ICMP
# port unreachable, IPv4 options (ping -R), IPv4 and IPv6 fragments and 802.1Q VLAN, between two network
# namespaces joined by a veth pair (nothing leaves this machine). Needs root, iproute2, dumpcap, dnsmasq,
# dig, ping, arping. Usage: sudo src/test/resources/other/make-other-captures.sh [OUT_DIR]
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
a=lsoa$$; b=lsob$$
work=$(mktemp -d)
cleanup() { kill "${dnspid:-}" "${cappid:-}" 2>/dev/null || true; ip netns del $a 2>/dev/null || true; ip netns del $b 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip netns add $a; ip netns add $b
ip -n $a link set lo up; ip -n $b link set lo up
ip link add va netns $a type veth peer name vb netns $b
ip -n $a link set va address 02:00:00:99:00:01; ip -n $b link set vb address 02:00:00:99:00:02
ip -n $b addr add 10.99.0.2/24 dev vb; ip -n $b addr add fd00:99::2/64 dev vb nodad
ip -n $b link set vb up
# 802.1Q needs the kernel's 8021q module: without it the capture has no VLAN frames
vlan=0
if ip -n $b link add link vb name vb.10 type vlan id 10 2>/dev/null; then
  vlan=1; ip -n $b addr add 10.99.10.2/24 dev vb.10; ip -n $b link set vb.10 up
fi
cat > "$work/hosts" <<H
10.99.0.2 broker.example.test
fd00:99::2 broker.example.test
H
# dnsmasq answers from its hosts file for example.test and NXDOMAIN for the rest of it (never asks upstream)
ip netns exec $b dnsmasq --no-daemon --no-resolv --no-hosts --addn-hosts="$work/hosts" --local=/example.test/ \
  --listen-address=10.99.0.2 --bind-interfaces --pid-file="$work/dnsmasq.pid" --user=root 2>"$work/dnsmasq.log" &
dnspid=$!
# capture on a's side before it has addresses: IPv6 comes on after the capture starts (router solicitation, MLD
# reports, duplicate address detection)
ip netns exec $a sysctl -qw net.ipv6.conf.va.disable_ipv6=1
ip -n $a link set va up
ip netns exec $a dumpcap -q -i va -w "$work/cap.pcapng" 2>"$work/dumpcap.log" &
cappid=$!
sleep 2
ip netns exec $a sysctl -qw net.ipv6.conf.va.disable_ipv6=0
ip -n $a addr add 10.99.0.1/24 dev va; ip -n $a addr add fd00:99::1/64 dev va
if [ $vlan = 1 ]; then
  ip -n $a link add link va name va.10 type vlan id 10; ip -n $a addr add 10.99.10.1/24 dev va.10; ip -n $a link set va.10 up
fi
sleep 3
ip netns exec $a arping -c 2 -w 3 -I va 10.99.0.2 >/dev/null || true
ip netns exec $a ping -c 2 -i 0.3 10.99.0.2 >/dev/null
ip netns exec $a ping -6 -c 2 -i 0.3 fd00:99::2 >/dev/null
ip netns exec $a dig +tries=1 +time=2 @10.99.0.2 broker.example.test A >/dev/null
ip netns exec $a dig +tries=1 +time=2 @10.99.0.2 broker.example.test AAAA >/dev/null
ip netns exec $a dig +tries=1 +time=2 @10.99.0.2 nothere.example.test A >/dev/null || true
ip netns exec $a bash -c 'echo hello > /dev/udp/10.99.0.2/9999' || true
sleep 0.5
ip netns exec $a ping -R -c 1 10.99.0.2 >/dev/null || true
ip netns exec $a ping -c 1 -s 2000 10.99.0.2 >/dev/null || true
ip netns exec $a ping -6 -c 1 -s 2000 fd00:99::2 >/dev/null || true
[ $vlan = 0 ] || ip netns exec $a ping -c 1 10.99.10.2 >/dev/null || true
sleep 1
kill -INT $cappid; wait $cappid || true; cappid=
cp "$work/cap.pcapng" "$out/other-protocols.pcapng"
echo "wrote $out/other-protocols.pcapng ($(tshark -r "$out/other-protocols.pcapng" | wc -l) frames)"
