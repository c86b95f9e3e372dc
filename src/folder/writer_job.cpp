// A dataset folder's job (folder/writer.hpp): FolderWriter's checks of the
// job, the facts it derives once (shards, image size, NPY header, manifest),
// the names and sizes of the files it implies and the check that a finished
// folder holds them (check_outputs).
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "common/sha256.hpp"
#include "folder/files.hpp"
#include "folder/writer.hpp"
#include "generate/batch.hpp"
#include "generate/generator.hpp"
#include "generate/random_sequence.hpp"
#include "generate/template.hpp"
#include "output/labels.hpp"
#include "output/npy_writer.hpp"

namespace mseq {
namespace {

std::string str(uint64_t v) { return std::to_string(v); }

}  // namespace

FolderWriter::FolderWriter(const SourceData &ds, std::string dir, JobSpec job,
                           const DataFiles *data)
    : ds_(ds), dir_(std::move(dir)), job_(std::move(job)) {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
    if (dir_.empty()) {
        throw Error(MSEQ_EINVAL, "dataset directory: empty path");
    }
    if (job_.count == 0) {
        throw Error(MSEQ_EINVAL, "dataset count is 0");
    }
    if (job_.count > kMaxDatasetCount) {
        throw Error(MSEQ_ERANGE, "dataset count " + str(job_.count) +
                                     " is above MSEQ_MAX_DATASET (" +
                                     str(kMaxDatasetCount) + ")");
    }
    if (job_.shard_size == 0 || job_.shard_size > MSEQ_MAX_BATCH) {
        throw Error(job_.shard_size == 0 ? MSEQ_EINVAL : MSEQ_ERANGE,
                    "shard size " + str(job_.shard_size) + ": must be 1.." +
                        str(MSEQ_MAX_BATCH));
    }
    shards_ = (job_.count + job_.shard_size - 1) / job_.shard_size;
    if (shards_ > kMaxShards) {
        throw Error(MSEQ_ERANGE, "count " + str(job_.count) + " / shard size " +
                                     str(job_.shard_size) + " gives " +
                                     str(shards_) + " shards, above " +
                                     str(kMaxShards));
    }
    switch (job_.output) {
        case OutputFormat::png:
        case OutputFormat::npy:
        case OutputFormat::tar:
            break;
        default:
            throw Error(MSEQ_EINVAL,
                        "unknown dataset output format " +
                            std::to_string(static_cast<int>(job_.output)));
    }
    if (job_.png_level < -1 || job_.png_level > 9) {
        throw Error(MSEQ_EINVAL, "PNG level " + std::to_string(job_.png_level) +
                                     ": must be -1..9");
    }
    if (job_.digits.size() > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, "sequence of " + str(job_.digits.size()) +
                                     " digits is longer than MSEQ_MAX_DIGITS");
    }
    for (size_t j = 0; j < job_.digits.size(); ++j) {
        if (job_.digits[j] < 0 || job_.digits[j] > 9) {
            throw Error(MSEQ_EINVAL, "digit at position " + str(j) + " is " +
                                         std::to_string(job_.digits[j]) +
                                         ", not a digit 0-9");
        }
    }
    const std::shared_ptr<const Template> &tmpl = job_.params.text_template;
    if (tmpl != nullptr) {
        if (!job_.digits.empty()) {
            throw Error(MSEQ_EINVAL,
                        "a sequence given with a template: the template "
                        "draws each image's text");
        }
        const TemplateSampler texts(*tmpl, job_.params);  // checks unique
        if (job_.params.unique && job_.count > tmpl->count()) {
            throw Error(MSEQ_ERANGE,
                        "unique texts: template '" + tmpl->text() +
                            "' gives only " + str(tmpl->count()) +
                            " distinct texts, fewer than the count " +
                            str(job_.count));
        }
    } else if (job_.digits.empty()) {
        const SequenceSource sequences(job_.params);
        if (job_.params.unique && job_.count > sequences.distinct()) {
            throw Error(MSEQ_ERANGE,
                        "unique sequences: only " + str(sequences.distinct()) +
                            " distinct sequences exist for these lengths, " +
                            "fewer than the count " + str(job_.count));
        }
    }
    // PNG and tar hold 8-bit images whatever the pixel format says.
    if (job_.output != OutputFormat::npy) {
        job_.params.format = MSEQ_FORMAT_U8;
    }
    // A height equal to the glyph rows is the default image height: the
    // same job as height 0, with the same recipes (a manifest records the
    // image's height either way, and a job read back from it has it set).
    if (job_.params.height == int64_t{ds_.rows}) job_.params.height = 0;
    gen_ = job_.params;
    gen_.threads = 1;
    image_bytes_ = image_bytes(ds_, gen_);
    image_shape(ds_, gen_, image_rows_, image_cols_);
    // Bad generation parameters (spacing, fit, width) fail now, before any
    // file is touched.
    {
        std::vector<float> probe((image_bytes_ + 3) / 4);
        generate_batch(ds_, gen_,
                       job_.digits.empty() ? nullptr : job_.digits.data(),
                       job_.digits.size(), 0, 1,
                       BatchOutput{probe.data(), probe.size() * 4});
    }
    mask_pixels_ = size_t{image_rows_} * image_cols_;
    stride_ = tmpl != nullptr ? tmpl->max_length()
              : job_.digits.empty()
                  ? static_cast<size_t>(job_.params.max_length)
                  : job_.digits.size();
    mask_png16_ = stride_ > 255;
    if (job_.output == OutputFormat::npy) {
        npy_header_ = npy_header(
            job_.params.format == MSEQ_FORMAT_F32 ? NpyDtype::f32
                                                  : NpyDtype::u8,
            {job_.count, uint64_t{image_rows_}, uint64_t{image_cols_}});
        if (job_.params.masks) {
            masks_npy_header_ = npy_header(
                NpyDtype::u16,
                {job_.count, uint64_t{image_rows_}, uint64_t{image_cols_}});
        }
    }
    data_ = data != nullptr ? *data : describe_data(ds_);
    manifest_ = format_manifest(job_, data_);
    resume_1_0_permutation();
    manifest_sha_ = sha256_hex(manifest_.data(), manifest_.size());
}

void FolderWriter::resume_1_0_permutation() {
    if (!job_.digits.empty() || !job_.params.unique ||
        job_.params.unique_permutation == MSEQ_PERMUTATION_FEISTEL_1_0) {
        return;
    }
    JobSpec old = job_;
    old.params.unique_permutation = MSEQ_PERMUTATION_FEISTEL_1_0;
    std::string old_manifest = format_manifest(old, data_);
    bool present = false;
    std::string text;
    try {
        text = read_manifest(present);
    } catch (const Error &) {
        return;  // begin() reports it
    }
    if (!present || text != old_manifest) return;
    job_ = std::move(old);
    gen_.unique_permutation = MSEQ_PERMUTATION_FEISTEL_1_0;
    manifest_ = std::move(old_manifest);
}

std::string FolderWriter::path(const std::string &name) const {
    return dir_ + "/" + name;
}

std::string FolderWriter::parts_dir() const { return path(kPartsDir); }

std::string FolderWriter::record_path(uint64_t shard) const {
    return parts_dir() + "/" + shard_record_name(shard);
}

std::string FolderWriter::labels_part_path(uint64_t shard) const {
    return parts_dir() + "/" +
           labels_part_name(shard, job_.output == OutputFormat::png);
}

std::string FolderWriter::npy_part_path() const {
    return parts_dir() + "/" + kNpyName;
}

std::string FolderWriter::read_manifest(bool &present) const {
    std::string text;
    present = read_regular_file(path(kManifestName), kMaxManifestBytes, text);
    return text;
}

uint64_t FolderWriter::npy_size() const {
    return npy_header_.size() + job_.count * image_bytes_;
}

std::string FolderWriter::masks_npy_part_path() const {
    return parts_dir() + "/" + kMasksNpyName;
}

uint64_t FolderWriter::masks_npy_size() const {
    return masks_npy_header_.size() + job_.count * mask_pixels_ * 2;
}

uint64_t FolderWriter::shard_first(uint64_t shard) const {
    return shard * job_.shard_size;
}

uint64_t FolderWriter::shard_images(uint64_t shard) const {
    return std::min(job_.shard_size, job_.count - shard_first(shard));
}

void FolderWriter::check_outputs(std::vector<std::string> &problems,
                                 size_t max) const {
    auto report = [&](const std::string &problem) {
        if (problems.size() < max) problems.push_back(problem);
        return problems.size() < max;
    };
    auto labels_lines = [&](const char *name, uint64_t want) {
        std::string text;
        const uint64_t limit = want * kMaxLabelRowBytes;
        if (!read_regular_file(path(name), limit, text)) {
            return report(std::string(name) + ": missing");
        }
        const auto lines =
            static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
        if (lines != want || (!text.empty() && text.back() != '\n')) {
            return report(std::string(name) + ": " + str(lines) +
                          " lines, the dataset has " + str(want));
        }
        return true;
    };
    switch (job_.output) {
        case OutputFormat::png:
            if (!labels_lines(kCsvLabelsName, job_.count + 1)) return;
            for (uint64_t i = 0; i < job_.count; ++i) {
                const std::string name = image_file_name(i);
                if (regular_file_size(path(name)) <= 0 &&
                    !report(name + ": missing")) {
                    return;
                }
                const std::string mask = mask_file_name(i);
                if (job_.params.masks && regular_file_size(path(mask)) <= 0 &&
                    !report(mask + ": missing")) {
                    return;
                }
            }
            break;
        case OutputFormat::npy: {
            if (!labels_lines(kJsonLabelsName, job_.count)) return;
            const int64_t size = regular_file_size(path(kNpyName));
            if (size != static_cast<int64_t>(npy_size())) {
                report(std::string(kNpyName) +
                       (size < 0
                            ? ": missing"
                            : ": " + str(static_cast<uint64_t>(size)) +
                                  " bytes, " + str(npy_size()) + " expected"));
            }
            if (job_.params.masks) {
                const int64_t masks = regular_file_size(path(kMasksNpyName));
                if (masks != static_cast<int64_t>(masks_npy_size())) {
                    report(std::string(kMasksNpyName) +
                           (masks < 0
                                ? ": missing"
                                : ": " + str(static_cast<uint64_t>(masks)) +
                                      " bytes, " + str(masks_npy_size()) +
                                      " expected"));
                }
            }
            break;
        }
        case OutputFormat::tar:
            for (uint64_t k = 0; k < shards_; ++k) {
                const std::string name = tar_file_name(k);
                const int64_t size = regular_file_size(path(name));
                // Each member is a 512-byte header and its data in 512-byte
                // blocks; the archive ends with two empty blocks.
                const uint64_t members = job_.params.masks ? 3 : 2;
                const uint64_t least = members * shard_images(k) * 1024 + 1024;
                if (size < 0 && !report(name + ": missing")) return;
                if (size >= 0 &&
                    (static_cast<uint64_t>(size) < least || size % 512 != 0) &&
                    !report(name + ": truncated (" +
                            str(static_cast<uint64_t>(size)) + " bytes)")) {
                    return;
                }
            }
            break;
    }
}

}  // namespace mseq
