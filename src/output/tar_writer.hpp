// POSIX ustar archives built in memory, member by member, for WebDataset-style
// shards ("shard-000000.tar" holding "000000123.png" + "000000123.json").
//
// The archive depends only on member names and contents: every member is a
// regular file with mode 0644, uid/gid 0, empty owner names and mtime 0, so
// the same samples always give the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

// ustar's block size; every header and every member's data padding is a
// multiple of it.
constexpr size_t kTarBlock = 512;
// ustar's record size (20 blocks): the archive's total length is padded to
// a multiple of it, as tar(1) writes archives.
constexpr size_t kTarRecord = 10240;

// Appends one regular-file member: a 512-byte ustar header, then the data
// padded with zeros to a multiple of 512 bytes. The name must be 1..100
// bytes of printable ASCII without a leading '/'; the size at most 8 GiB - 1.
// Throws mseq::Error (MSEQ_EINVAL for a bad name, MSEQ_ERANGE for a size
// beyond ustar's octal field).
void tar_append_file(std::vector<uint8_t> &archive, const std::string &name,
                     const void *data, size_t size);

// The end of an archive of archive_size bytes so far: the two zero blocks
// that close it, plus zeros up to the next multiple of kTarRecord.
std::vector<uint8_t> tar_trailer(uint64_t archive_size);

}  // namespace mseq
