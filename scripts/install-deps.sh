#!/bin/sh
# Installs the Debian 12 packages Clerk's build and tests need. Run as root.
set -e
PKGS="build-essential pkg-config liblua5.4-dev lua5.4 libsqlite3-dev libxml2-dev \
libzip-dev libcmocka-dev libcurl4-openssl-dev python3 zip unzip \
pandoc libreoffice-writer-nogui chromium fonts-dejavu-core"
# pandoc, LibreOffice and Chromium are independent checkers for the tests only.
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: run as root: sudo sh $0" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq $PKGS >/dev/null
echo "install-deps: installed $PKGS"
