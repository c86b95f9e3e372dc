// SHA-256 through OpenSSL's EVP digest interface (sha256.hpp).
#include "common/sha256.hpp"

#include <openssl/evp.h>

#include <new>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

[[noreturn]] void crypto_failure(const char *what) {
    throw Error(MSEQ_EINTERNAL,
                std::string("SHA-256: libcrypto ") + what + " failed");
}

}  // namespace

void Sha256::Free::operator()(evp_md_ctx_st *ctx) const {
    EVP_MD_CTX_free(ctx);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) {
        throw std::bad_alloc();
    }
    if (EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
        crypto_failure("EVP_DigestInit_ex");
    }
}

Sha256::~Sha256() = default;

void Sha256::update(const void *data, size_t size) {
    if (EVP_DigestUpdate(ctx_.get(), data, size) != 1) {
        crypto_failure("EVP_DigestUpdate");
    }
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), digest, &length) != 1 || length != 32) {
        crypto_failure("EVP_DigestFinal_ex");
    }
    static const char hex_digits[] = "0123456789abcdef";
    std::string text(size_t(length) * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
        text[2 * i] = hex_digits[digest[i] >> 4];
        text[2 * i + 1] = hex_digits[digest[i] & 15];
    }
    return text;
}

std::string sha256_hex(const void *data, size_t size) {
    Sha256 digest;
    digest.update(data, size);
    return digest.hex();
}

}  // namespace mseq
