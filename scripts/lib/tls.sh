# shellcheck shell=bash
# The cluster's transport credentials: a private CA, and a node certificate it issued, for mutual TLS
# between the nodes. ./run.sh, ./test.sh, the benchmarks and scripts/cluster-certificates.sh make them here.

# cluster_tls_create DIR NAME : makes (or keeps, while valid for 30 more days) in DIR:
#   ca.crt         the cluster's CA certificate (public: every node trusts it, and nothing else)
#   ca.key         the CA's private key (0600): issues further node certificates; no node needs it
#   node.p12       a node certificate with its private key, PKCS#12 (0600), usable by every node
#   node.password  the PKCS#12 password (0600)
# NAME goes into the subjects, so that certificates of different clusters are told apart in logs.
cluster_tls_create() {
  local dir=$1 name=$2 keep=$((30 * 24 * 3600))
  command -v openssl >/dev/null || ensure_apt_packages openssl
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ -f "$dir/ca.crt" ] && [ -f "$dir/ca.key" ] && [ -f "$dir/node.p12" ] && [ -f "$dir/node.password" ] &&
    openssl x509 -checkend "$keep" -noout -in "$dir/ca.crt" >/dev/null &&
    openssl pkcs12 -in "$dir/node.p12" -passin "file:$dir/node.password" -clcerts -nokeys 2>/dev/null |
      openssl x509 -checkend "$keep" -noout >/dev/null 2>&1; then
    return 0
  fi
  log "creating the cluster's private CA and node certificate in $dir"
  (
    set -euo pipefail
    umask 077
    cd "$dir"
    rm -f ca.crt ca.key node.p12 node.password
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 825 \
      -keyout ca.key -out ca.crt -subj "/O=AkkaOcr/CN=$name cluster CA" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
      -keyout node.key -out node.csr -subj "/O=AkkaOcr/CN=$name cluster node" 2>/dev/null
    # Both usages: a node accepts connections (server) and opens them (client) with the same certificate.
    openssl x509 -req -in node.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" -sha256 -days 397 \
      -out node.crt -extfile <(printf '%s\n' "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth,clientAuth" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1") 2>/dev/null
    openssl rand -hex 24 >node.password
    openssl pkcs12 -export -in node.crt -inkey node.key -name "$name cluster node" \
      -passout file:node.password -out node.p12
    rm -f node.key node.csr node.crt
    chmod 644 ca.crt
  ) || die "could not create the cluster's certificates in $dir"
}

# cluster_tls_export DIR : exports the Akka__Tls__* settings for DIR's credentials, so that every
# process started afterwards talks mutual TLS with them (unless they were set already).
cluster_tls_export() {
  local dir=$1
  export Akka__Tls__CaCertificatePath="${Akka__Tls__CaCertificatePath:-$dir/ca.crt}"
  export Akka__Tls__CertificatePath="${Akka__Tls__CertificatePath:-$dir/node.p12}"
  if [ -z "${Akka__Tls__CertificatePassword:-}" ]; then
    Akka__Tls__CertificatePassword=$(cat "$dir/node.password")
    export Akka__Tls__CertificatePassword
  fi
}
