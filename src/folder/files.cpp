// Names of a dataset folder's files (files.hpp).
#include "folder/files.hpp"

#include <cstdio>

#include "output/atomic_file.hpp"

namespace mseq {
namespace {

std::string padded(uint64_t value, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*llu", width,
                  static_cast<unsigned long long>(value));
    return buf;
}

// name is prefix, then exactly `digits` digits, then suffix.
bool matches(const std::string &name, const std::string &prefix, int digits,
             const std::string &suffix) {
    const size_t n = static_cast<size_t>(digits);
    if (name.size() != prefix.size() + n + suffix.size() ||
        name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(prefix.size() + n, suffix.size(), suffix) != 0) {
        return false;
    }
    for (size_t i = prefix.size(); i < prefix.size() + n; ++i) {
        if (name[i] < '0' || name[i] > '9') return false;
    }
    return true;
}

}  // namespace

std::string image_file_name(uint64_t index) {
    return padded(index, 9) + ".png";
}

std::string mask_file_name(uint64_t index) {
    return padded(index, 9) + ".mask.png";
}

std::string label_member_name(uint64_t index) {
    return padded(index, 9) + ".json";
}

std::string tar_file_name(uint64_t shard) {
    return "shard-" + padded(shard, 6) + ".tar";
}

std::string shard_record_name(uint64_t shard) {
    return "shard-" + padded(shard, 6) + ".done";
}

std::string labels_part_name(uint64_t shard, bool csv) {
    return "labels-" + padded(shard, 6) + (csv ? ".csv" : ".jsonl");
}

bool is_dataset_file_name(const std::string &name) {
    return name == kManifestName || name == kCsvLabelsName ||
           name == kJsonLabelsName || name == kNpyName ||
           name == kMasksNpyName || matches(name, "", 9, ".png") ||
           matches(name, "", 9, ".mask.png") ||
           matches(name, "shard-", 6, ".tar");
}

bool is_parts_file_name(const std::string &name) {
    return name == kNpyName || name == kMasksNpyName ||
           matches(name, "shard-", 6, ".done") ||
           matches(name, "labels-", 6, ".csv") ||
           matches(name, "labels-", 6, ".jsonl") ||
           name.compare(0, 4, kTempPrefix) == 0;
}

}  // namespace mseq
