#!/bin/bash
# The .deb on a fresh Debian 12 with only a JDK 17 (issue 13, item 3). Run from the project in the fresh machine:
#   sudo ../shared/tools/fresh-machine.sh "$PWD" 'bash src/installer/linux/fresh-machine-check.sh'
# Builds the .deb, installs it on a machine with a desktop's menu tools, hides the JDK and checks: the command line
# runs on the bundled runtime, the menu entry, its icon and the .pcap/.pcapng association, no second JavaFX, and the
# one-time capture set-up (setcap on the launcher, which still starts as an unprivileged user).
set -euo pipefail
step() { printf '\n== %s\n' "$*"; }

step "build needs: fakeroot binutils; the installed app's desktop: xdg-utils desktop-file-utils shared-mime-info"
apt-get install -y -q fakeroot binutils xdg-utils desktop-file-utils shared-mime-info libpcap0.8 libcap2-bin >/dev/null
step "build the .deb"
./mvnw -B -q -Pinstaller -DskipTests package
ls -la target/installer/
deb=$(ls target/installer/layerscope_*.deb)
step "one JavaFX: the runtime's modules, no JavaFX jars in the app's jar"
dpkg-deb -c "$deb" | awk '{print $3, $6}' | sort -n | tail -5
if dpkg-deb -c "$deb" | grep -q 'javafx.*\.jar'; then echo "FAIL: JavaFX jars in the package"; exit 1; fi
step "install"
apt-get install -y -q "./$deb"
jar tf /opt/layerscope/lib/app/layerscope.jar | grep -c 'org/layerscope/app/javafx/' && { echo "FAIL: JavaFX jars in layerscope.jar"; exit 1; } || echo "layerscope.jar holds no JavaFX jars"
grep '^MODULES=' /opt/layerscope/lib/runtime/release | tr ' "' '\n\n' | grep javafx
du -sh /opt/layerscope /opt/layerscope/lib/runtime /opt/layerscope/lib/app
step "hide the JDK"
mv /usr/lib/jvm /usr/lib/jvm.hidden
if command -v java; then echo "FAIL: java still on the PATH"; exit 1; fi
echo "no java on the PATH"
step "layerscope analyze"
command -v layerscope
layerscope analyze sample-pcaps/mqtt-tls12-mutual.pcapng --format text | head -5
layerscope diagnose sample-pcaps/mqtt-tls12-unknown-ca.pcapng | head -3
step "the launcher's JVM flags: huge pages, and the JVM's own warnings on standard error, never in the output"
grep -E 'UseTransparentHugePages|Xlog|DisplayVMOutputToStderr' /opt/layerscope/lib/app/LayerScope.cfg
first=$(layerscope analyze sample-pcaps/mqtt-tls12-mutual.pcapng --format tsv | head -1)
[ "${first%%$'\t'*}" = frame ] || { echo "FAIL: the tsv output does not start with its header: $first"; exit 1; }
echo "tsv header first: ok"
step "desktop entry, icon, file types"
entry=$(ls /usr/share/applications/*LayerScope*.desktop)
cat "$entry"
grep -q '^Exec=/opt/layerscope/bin/LayerScope %f' "$entry"
icon=$(sed -n 's/^Icon=//p' "$entry")
ls -la "$icon"
grep -q 'application/vnd.tcpdump.pcap' "$entry"
grep -q 'application/x-pcapng' "$entry"
desktop-file-validate "$entry" && echo "desktop-file-validate: ok"
xdg-mime query default application/vnd.tcpdump.pcap
xdg-mime query default application/x-pcapng
cp sample-pcaps/mqtt-tls12-mutual.pcapng /tmp/x.pcapng
xdg-mime query filetype /tmp/x.pcapng
step "capture without root: the one-time set-up on the installed launcher"
layerscope setup-capture --dry-run
layerscope setup-capture
getcap /opt/layerscope/bin/LayerScope
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp layerscope --version
mv /usr/lib/jvm.hidden /usr/lib/jvm
step "remove: the command and the menu entry go"
apt-get remove -y -q layerscope >/dev/null
if [ -e /usr/bin/layerscope ] || ls /usr/share/applications/*LayerScope*.desktop 2>/dev/null; then echo "FAIL: left behind"; exit 1; fi
if [ -e /etc/ld.so.conf.d/layerscope.conf ]; then echo "FAIL: setup-capture's loader configuration left behind"; exit 1; fi
step "all checks passed"
