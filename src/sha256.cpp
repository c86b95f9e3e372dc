// SHA-256 through OpenSSL's EVP digest interface (sha256.hpp).
#include "sha256.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>
#include <vector>

#include "error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

constexpr size_t kBlockSize = size_t(1) << 20;

struct DigestDeleter {
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using Digest = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

[[noreturn]] void crypto_failure(const char *what) {
    throw Error(MSEQ_EINTERNAL,
                std::string("SHA-256: libcrypto ") + what + " failed");
}

Digest start_digest() {
    Digest ctx(EVP_MD_CTX_new());
    if (!ctx) {
        throw std::bad_alloc();
    }
    if (EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        crypto_failure("EVP_DigestInit_ex");
    }
    return ctx;
}

void update_digest(EVP_MD_CTX *ctx, const void *data, size_t size) {
    if (EVP_DigestUpdate(ctx, data, size) != 1) {
        crypto_failure("EVP_DigestUpdate");
    }
}

std::string finish_digest(EVP_MD_CTX *ctx) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx, digest, &length) != 1 || length != 32) {
        crypto_failure("EVP_DigestFinal_ex");
    }
    static const char hex[] = "0123456789abcdef";
    std::string text(size_t(length) * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
        text[2 * i] = hex[digest[i] >> 4];
        text[2 * i + 1] = hex[digest[i] & 15];
    }
    return text;
}

// Closes a descriptor when it goes out of scope.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

}  // namespace

std::string sha256_hex(const void *data, size_t size) {
    Digest ctx = start_digest();
    update_digest(ctx.get(), data, size);
    return finish_digest(ctx.get());
}

std::string sha256_file_hex(const std::string &path) {
    Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) {
        throw Error(MSEQ_EIO,
                    path + ": " + std::generic_category().message(errno));
    }
    Digest ctx = start_digest();
    std::vector<unsigned char> block(kBlockSize);
    for (;;) {
        const ssize_t n = ::read(file.fd, block.data(), block.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error(MSEQ_EIO,
                        path + ": " + std::generic_category().message(errno));
        }
        if (n == 0) {
            break;
        }
        update_digest(ctx.get(), block.data(), static_cast<size_t>(n));
    }
    return finish_digest(ctx.get());
}

}  // namespace mseq
