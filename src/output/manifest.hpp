// manifest.json of a dataset directory: everything that determines the
// bytes of a dataset (every generation parameter, the seed, the split, the
// count, the shard size, the output format, the library version and the
// SHA-256 of the data the images are made from), so that it can be
// regenerated bit for bit and a re-run can tell whether it continues the same
// job.
//
// The text is deterministic: a flat JSON object, one key per line in a
// fixed order, numbers in decimal, booleans and null as in JSON. Two
// manifests describe the same job exactly when their texts are equal, and
// the first differing line names the difference. The thread count is not
// recorded: it never changes the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "generate/params.hpp"
#include "input/source_data.hpp"

namespace mseq {

// The largest manifest.json read back: ours are about 1 KB.
constexpr size_t kMaxManifestBytes = size_t(1) << 20;

// The layout of a dataset directory (mnistseq.h, mseq_output).
enum class OutputFormat { png = 0, npy = 1, tar = 2 };

// "png", "npy" or "tar".
const char *output_name(OutputFormat format);

// Everything that determines a dataset's bytes.
struct JobSpec {
    Params params;            // generation parameters (threads ignored)
    std::vector<int> digits;  // the sequence of every image; empty: random
    uint64_t count = 0;       // number of images
    uint64_t shard_size = 0;  // images per shard
    OutputFormat output = OutputFormat::png;
    int png_level = -1;  // png and tar: -1 or a zlib level 0..9
};

// The data files that a manifest names: the base name of each, and the
// SHA-256 of its IDX content as the source data read it (a raw file's bytes; a
// .gz file's decompressed bytes).
struct DataFiles {
    std::string split;  // "train" or "test"
    std::string images_name, images_sha256;
    std::string labels_name, labels_sha256;
    // QMNIST's extended labels (the writers), when the data has them.
    std::string writers_name, writers_sha256;
    uint32_t rows = 0, cols = 0;  // glyph size
};

// Describes the files of ds: base names, the split (from the images file's
// name: "t10k..." is the test split) and the SHA-256 of their content,
// computed from the data in memory, so that it names what the images are
// made from even when the files change after loading (tens of milliseconds
// for MNIST's training split). Throws mseq::Error (MSEQ_ENOMEM,
// MSEQ_EINTERNAL).
DataFiles describe_data(const SourceData &ds);

// describe_data() of one immutable SourceData, computed on first use and
// kept (thread-safe): an opened split is hashed once, not for every job.
class DataDescription {
public:
    // ds must be the same immutable data at every call.
    const DataFiles &of(const SourceData &ds) const;

private:
    mutable std::once_flag once_;
    mutable DataFiles files_;
};

// The manifest text of a job on those data files (ends with '\n').
std::string format_manifest(const JobSpec &job, const DataFiles &data);

// Compares an existing manifest's text with the wanted one. Returns "" when
// they are equal; otherwise a description of the first difference, such as
// "\"seed\" is 1 there, 2 here", or "it is not a mnistseq manifest".
std::string manifest_difference(const std::string &existing,
                                const std::string &wanted);

// The job a manifest.json text describes, and its split ("train" or
// "test"). MSEQ_EINVAL naming the key when the text is not a manifest this
// version writes.
JobSpec parse_manifest(const std::string &text, std::string &split);

// s as a JSON string literal, quoted and escaped.
std::string json_string(const std::string &s);

}  // namespace mseq
