# Sourced by the capture-making scripts (make-samples.sh, make-failure-samples.sh,
# bench/make-long-decrypted-capture.sh): throwaway EC P-256 certificates (small, so the handshakes stay small)
# written into "$TMP", which the caller made and removes.

make_ca() { # name CN
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 \
        -keyout "$TMP/$1.key" -out "$TMP/$1.crt" -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

make_leaf() { # name CN ca extfile-lines...
    local name=$1 cn=$2 ca=$3; shift 3
    printf '%s\n' "$@" > "$TMP/$name.ext"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$TMP/$name.key" -out "$TMP/$name.csr" -subj "/CN=$cn" 2>/dev/null
    openssl x509 -req -in "$TMP/$name.csr" -CA "$TMP/$ca.crt" -CAkey "$TMP/$ca.key" -set_serial "0x$(openssl rand -hex 8)" \
        -sha256 -days 825 -extfile "$TMP/$name.ext" -out "$TMP/$name.crt" 2>/dev/null
}
