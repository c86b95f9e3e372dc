// SHA-256 digests through OpenSSL's libcrypto (EVP). Used by the dataset
// manifest to record exactly which data a dataset was made from.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

struct evp_md_ctx_st;

namespace mseq {

// A SHA-256 computed piece by piece: update() any number of times, then
// hex() once. Throws mseq::Error (MSEQ_EINTERNAL when libcrypto fails,
// MSEQ_ENOMEM).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    // Adds size bytes at data to the message.
    void update(const void *data, size_t size);
    // The digest of everything added, as 64 lowercase hex digits. The
    // object may not be updated afterwards.
    std::string hex();

private:
    struct Free {
        void operator()(evp_md_ctx_st *ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

// The SHA-256 of size bytes at data, as 64 lowercase hex digits.
std::string sha256_hex(const void *data, size_t size);

}  // namespace mseq
