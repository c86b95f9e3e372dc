// Helpers of the dataset writer tests: the public C API only, plus libpng to
// decode what was written and a few file-system probes.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "mnistseq/mnistseq.h"
#include "png_read.hpp"
#include "scratch_dir.hpp"

namespace dataset_test {

using mseq_test::ScratchDir;

// The MNIST test split (10,000 digits), opened once for the whole program
// through the default lookup (MNISTSEQ_DATA).
const mseq_dataset *mnist();

// Owns a parameter set with the values the tests use unless they say
// otherwise: width 120, spacing 0..6, seed 7, shard size 10, 2 threads.
class Params {
public:
    Params();
    ~Params() { mseq_params_free(p_); }
    Params(const Params &) = delete;
    Params &operator=(const Params &) = delete;
    operator mseq_params *() const { return p_; }
    Params &set(mseq_param key, int64_t value);
    int64_t get(mseq_param key) const;

private:
    mseq_params *p_ = nullptr;
};

// Labels of one image, as the library's generator gives them.
struct Sample {
    std::vector<uint8_t> u8;  // the 8-bit image
    std::vector<float> f32;   // the float image (when asked)
    std::vector<mseq_placement> placements;
    std::string text;  // the digits, leading zeros kept
};

// Images first .. first + count - 1 as mseq_generate_batch() makes them in
// one call (8-bit, and float32 too when f32 is true).
std::vector<Sample> reference(const mseq_params *params, const int *digits,
                              size_t ndigits, uint64_t first, size_t count,
                              bool f32 = false);

// The label file rows the header documents, built from a sample.
std::string expected_csv_row(uint64_t index, const Sample &s);
std::string expected_json(uint64_t index, const Sample &s);

// "000000123" and "shard-000004.tar".
std::string stem(uint64_t index);
std::string shard_tar(uint64_t shard);

// A file's identity and time stamp, to prove it was not rewritten.
struct FileId {
    ino_t inode = 0;
    int64_t mtime_ns = 0;
    int64_t size = -1;
    bool operator==(const FileId &o) const {
        return inode == o.inode && mtime_ns == o.mtime_ns && size == o.size;
    }
};
FileId file_id(const std::string &path);
bool exists(const std::string &path);

// Every regular file under dir (recursively, hidden ones too) with its
// bytes, keyed by the path relative to dir.
std::map<std::string, std::string> snapshot(const std::string &dir);

// mseq_verify_dataset() on dir regenerates `sample` images and finds no
// problem.
void expect_verified(const std::string &dir, uint64_t sample);

// expect_verified(); then the same job written again (random sequences,
// `output`) resumes with nothing to do: no file of dir changes.
void expect_verified_and_resumed(const std::string &dir, const mseq_params *p,
                                 uint64_t sample, uint64_t count,
                                 mseq_output output);

// Members of a ustar archive, in order, with their contents; fails the test
// on a bad checksum or a missing end.
std::vector<std::pair<std::string, std::string>> read_tar(
    const std::string &path);

// Lines of a text file, without their '\n'.
std::vector<std::string> lines(const std::string &path);

// The NPY header of a file: descr, shape and the data offset; ok false when
// it is not NPY 1.0.
struct NpyInfo {
    bool ok = false;
    std::string descr;
    std::vector<uint64_t> shape;
    size_t data_offset = 0;
    bool fortran_order = true;
};
NpyInfo read_npy_header(const std::string &bytes);

// Runs a shell command; returns its exit status and its output (stdout and
// stderr together when merge is true).
int run(const std::string &command, std::string *output = nullptr);

// A progress callback that records its calls and cancels after `cancel_at`
// calls (0: never).
struct ProgressLog {
    std::vector<std::pair<uint64_t, uint64_t>> calls;
    size_t cancel_at = 0;
    static int callback(uint64_t done, uint64_t total, void *user);
};

}  // namespace dataset_test
