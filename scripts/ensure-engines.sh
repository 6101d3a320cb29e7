#!/usr/bin/env bash
# The browser engines and fonts the tests need, from Debian: Chromium, Firefox ESR, WebKitGTK's
# WebDriver (with its MiniBrowser), Xvfb for WebKit's display, and the emoji font the widget's icons
# use. Run by `npm test` and by .ci/run before anything else. Missing ones are installed with apt-get
# when running as root; otherwise the script stops at once, naming the command to run.
set -euo pipefail

# package|file that shows it is installed (the tests' *_PATH variables point elsewhere when set)
engines=(
  "chromium|${CHROMIUM_PATH:-/usr/bin/chromium}"
  "firefox-esr|${FIREFOX_PATH:-/usr/bin/firefox-esr}"
  "webkit2gtk-driver|${WEBKIT_DRIVER_PATH:-/usr/bin/WebKitWebDriver}"
  "webkit2gtk-driver|${MINIBROWSER_PATH:-/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser}"
  "xvfb|${XVFB_PATH:-/usr/bin/Xvfb}"
  "fonts-noto-color-emoji|/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
)

missing=()
for entry in "${engines[@]}"; do
  package="${entry%%|*}"
  file="${entry#*|}"
  if [ ! -e "$file" ] && [[ " ${missing[*]} " != *" $package "* ]]; then missing+=("$package"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-engines: the tests need ${missing[*]}, which are not installed. Run: sudo sh -c '$command'" >&2
  exit 1
fi
echo "ensure-engines: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
