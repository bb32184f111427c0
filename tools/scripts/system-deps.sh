# Sourced by bootstrap.sh: servers that integration tests run for real on 127.0.0.1, installed from
# Debian's packages and PyPI when missing (as root, where apt-get exists). One function per server.
set -euo pipefail

apt_install() {
  # $@: Debian packages. Updates the package lists once per run, only when something is missing.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "missing system packages: ${missing[*]} (install them, e.g. apt-get install ${missing[*]})" >&2
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_dovecot() {
  # Dovecot's IMAP server, for the IMAP poller tests of packages/ingress (each test writes its own
  # dovecot.conf into a temp dir and runs `dovecot -F -c` there; the system service is not used).
  apt_install dovecot-imapd
  # Debian starts the packaged service on install where systemd/invoke-rc.d allows it: stop it,
  # the tests run their own instances on free ports.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet dovecot 2>/dev/null; then
    systemctl stop dovecot || true
  fi
}

install_postgres() {
  # PostgreSQL server binaries for the outbox-ledger tests (activities), which start a throwaway
  # cluster themselves with /usr/lib/postgresql/*/bin/{initdb,pg_ctl}; the service itself is not used.
  apt_install postgresql
}

install_moto() {
  # moto's S3-compatible server for the blob-store tests. The tests install it themselves on first
  # use (pinned, cached in .tools/moto-<version>, see packages/blob-store/src/__tests__/support);
  # this pre-installs it, e.g. in a CI image. Keep the version in step with MOTO_VERSION there.
  local version=5.2.5 root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  [ -f "$root/.tools/moto-$version/moto/server.py" ] && return 0
  python3 -m pip install --disable-pip-version-check --quiet --target "$root/.tools/moto-$version" "moto[server]==$version"
}

install_chromium() {
  # Debian's Chromium, for the inbox's browser test (packages/integration-tests, driven by
  # playwright-core with executablePath=/usr/bin/chromium). Playwright's own browser download is
  # never used: it cannot reach its CDN here, and the distribution's build gets security updates.
  apt_install chromium
}
