// NPY format 1.0 (numpy.lib.format): the header of a C-order array, and a
// file of known final size whose data regions are filled independently.
//
// The dataset writer creates images.npy's content at its final size up
// front (header written, data left as a hole) and lets each shard pwrite()
// its own images into its own byte range, from any thread or process; see
// folder/writer.hpp. numpy.load() reads the file as it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mseq {

enum class NpyDtype {
    u8,   // '|u1'
    f32,  // '<f4' (or '>f4' on a big-endian host: the native float bytes)
    u16,  // '<u2' (or '>u2' on a big-endian host): instance masks
};

// Bytes of one element of dtype.
size_t npy_dtype_size(NpyDtype dtype);

// The NPY 1.0 header of a C-order array of that dtype and shape: magic,
// version 1.0, header length, the dict
// "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 28, 200), }",
// space padding and '\n', 64-byte aligned as numpy writes it.
// Throws mseq::Error (MSEQ_ERANGE when the dict would not fit the 16-bit
// length field of version 1.0, MSEQ_EINVAL for an empty shape).
std::string npy_header(NpyDtype dtype, const std::vector<uint64_t> &shape);

// A file of known final size written by regions, opened for pwrite().
// Not copyable; movable. Closing never removes the file.
class NpyRegionFile {
public:
    // Creates (or truncates) path with `header` at offset 0 and a total size
    // of header.size() + data_bytes (the data region reads as zeros until
    // written; on most file systems it takes no space until then).
    static NpyRegionFile create(const std::string &path,
                                const std::string &header, uint64_t data_bytes);
    // Opens an existing file for region writes; MSEQ_EIO when it cannot be
    // opened or its size differs from expected_size.
    static NpyRegionFile open(const std::string &path, uint64_t expected_size);

    NpyRegionFile(NpyRegionFile &&other) noexcept;
    NpyRegionFile &operator=(NpyRegionFile &&other) noexcept;
    NpyRegionFile(const NpyRegionFile &) = delete;
    NpyRegionFile &operator=(const NpyRegionFile &) = delete;
    ~NpyRegionFile();

    // Writes size bytes at byte offset (from the start of the file); safe
    // to call from several threads for disjoint regions. Throws MSEQ_EIO.
    void write_at(uint64_t offset, const void *data, size_t size) const;

    // Closes the file, reporting a failure (MSEQ_EIO). Also done by the
    // destructor, which ignores failures.
    void close();

    const std::string &path() const { return path_; }

private:
    NpyRegionFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    std::string path_;
    int fd_ = -1;
};

}  // namespace mseq
