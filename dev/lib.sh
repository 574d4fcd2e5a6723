# Shared by the dev/ scripts: where the test environment keeps its state, and small helpers.
# Every setting can be overridden from the environment; the defaults suit one developer machine.

STACKPILOT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACKPILOT_DEV_HOME=${STACKPILOT_DEV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/stackpilot-dev}
STACKPILOT_REGISTRY_PORT=${STACKPILOT_REGISTRY_PORT:-5000}
STACKPILOT_AZURITE_PORT=${STACKPILOT_AZURITE_PORT:-10000}
STACKPILOT_KEYCLOAK_PORT=${STACKPILOT_KEYCLOAK_PORT:-18080}
KEYCLOAK_VERSION=26.4.7
KEYCLOAK_ISSUER="http://127.0.0.1:${STACKPILOT_KEYCLOAK_PORT}/realms/stackpilot"
REGISTRY="127.0.0.1:${STACKPILOT_REGISTRY_PORT}"
AZURITE_BLOB_ENDPOINT="http://127.0.0.1:${STACKPILOT_AZURITE_PORT}/devstoreaccount1"
# Azurite's well-known development account; it is public and only ever valid against Azurite.
AZURITE_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=${AZURITE_BLOB_ENDPOINT};"
ENV_FILE="$STACKPILOT_DEV_HOME/env"
RELEASES_DIR="$STACKPILOT_ROOT/config-samples/releases"
DEMO_RELEASES=(1.0.0 1.1.0)
MARIADB_IMAGE="$REGISTRY/library/mariadb:10.11"

say()  { printf '\033[1m==>\033[0m %s\n' "$*"; }
fail() { printf 'dev/env: %s\n' "$*" >&2; exit 1; }

# A digest of the files that make an image, so an unchanged image is not rebuilt.
source_hash() {
  (cd "$STACKPILOT_ROOT" && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

image_label() {
  docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

wait_for() {
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "$what did not come up within ${seconds}s"
}

# The worker's and stackctl's libraries into $2 (one lib/ for both), leaving out Stackpilot's own jars of any version
# but $1: a dist directory keeps what an earlier build of another version put there, and two versions of one class
# on a class path is whichever the JVM finds first.
copy_dist_jars() {
  local version=$1 dest=$2 jar name
  for jar in worker/target/stackpilot-worker/lib/*.jar stackctl/target/stackctl/lib/*.jar; do
    name=${jar##*/}
    case "$name" in stackpilot-*) [[ "$name" == *"-$version.jar" ]] || continue ;; esac
    [ -e "$dest/$name" ] || cp "$jar" "$dest/"
  done
}

port_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first Debian mirror of the machine's own apt configuration (deb822 or one-line format).
apt_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | sed -E 's/\[[^]]*\]//' |
      awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  fi
  [ -n "$uri" ] || fail "no Debian mirror in the apt sources (/etc/apt/sources.list*); debootstrap needs one"
  echo "$uri"
}
