/* LD_PRELOAD shim for the sample scripts: OpenSSL ignores SSLKEYLOGFILE, so this installs its keylog
   callback on every SSL_CTX the client (mosquitto_pub) uses and appends the lines to $SSLKEYLOGFILE. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/ssl.h>

static void write_line(const SSL *ssl, const char *line) {
    (void) ssl;
    const char *path = getenv("SSLKEYLOGFILE");
    if (path == NULL || *path == '\0') return;
    FILE *f = fopen(path, "a");
    if (f == NULL) return;
    fprintf(f, "%s\n", line);
    fclose(f);
}

SSL *SSL_new(SSL_CTX *ctx) {
    static SSL *(*next)(SSL_CTX *) = NULL;
    if (next == NULL) next = (SSL *(*)(SSL_CTX *)) dlsym(RTLD_NEXT, "SSL_new");
    if (ctx != NULL) SSL_CTX_set_keylog_callback(ctx, write_line);
    return next(ctx);
}
