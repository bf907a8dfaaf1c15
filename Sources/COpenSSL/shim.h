#ifndef SOVEREIGN_COPENSSL_SHIM_H
#define SOVEREIGN_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/kdf.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

/// EVP_PKEY_PUBLIC_KEY is a composite macro: the selection for EVP_PKEY_fromdata of a public key.
static inline int sovereign_evp_pkey_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }

/// OSSL_PARAM_BLD_push_* keeps the key pointer: these return static C strings that never move.
static inline const char *sovereign_param_rsa_n(void) { return OSSL_PKEY_PARAM_RSA_N; }
static inline const char *sovereign_param_rsa_e(void) { return OSSL_PKEY_PARAM_RSA_E; }
static inline const char *sovereign_param_group_name(void) { return OSSL_PKEY_PARAM_GROUP_NAME; }
static inline const char *sovereign_param_public_key(void) { return OSSL_PKEY_PARAM_PUB_KEY; }
static inline const char *sovereign_param_ec_x(void) { return OSSL_PKEY_PARAM_EC_PUB_X; }
static inline const char *sovereign_param_ec_y(void) { return OSSL_PKEY_PARAM_EC_PUB_Y; }
/// The OpenSSL name of the P-256 curve ("prime256v1"), as a static C string.
static inline const char *sovereign_curve_p256(void) { return SN_X9_62_prime256v1; }

/// OPENSSL_free is a function-like macro.
static inline void sovereign_openssl_free(void *pointer) { OPENSSL_free(pointer); }
/// BN_num_bytes is a function-like macro.
static inline int sovereign_bn_num_bytes(const BIGNUM *number) { return BN_num_bytes(number); }
#endif
