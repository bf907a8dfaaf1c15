#ifndef SOVEREIGN_COPENSSL_SHIM_H
#define SOVEREIGN_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#endif
