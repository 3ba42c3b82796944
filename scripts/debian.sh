# Sourced by scripts/bootstrap and scripts/test: install Debian packages the project needs.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_updated=""
install_deb() {  # install_deb PACKAGE...
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root apt-get install -y -qq "$@" >/dev/null
}
need_deb() {  # need_deb COMMAND_OR_FILE PACKAGE: install PACKAGE unless the command or file exists
  command -v "$1" >/dev/null 2>&1 || [ -e "$1" ] || install_deb "$2"
}
