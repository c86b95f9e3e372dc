// SHA-256 digests of memory and of files, through OpenSSL's libcrypto (EVP).
// Used by the dataset manifest to record exactly which data files were read.
#pragma once

#include <cstddef>
#include <string>

namespace mseq {

// The SHA-256 of size bytes at data, as 64 lowercase hex digits.
// Throws mseq::Error (MSEQ_EINTERNAL when libcrypto fails, MSEQ_ENOMEM).
std::string sha256_hex(const void *data, size_t size);

// The SHA-256 of a file's bytes as stored (a .gz file is hashed compressed),
// as 64 lowercase hex digits. The file is read in blocks, never whole.
// Throws mseq::Error: MSEQ_EIO "<path>: <reason>" when it cannot be read.
std::string sha256_file_hex(const std::string &path);

}  // namespace mseq
