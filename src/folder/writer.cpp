// The dataset writer: shards, resume, labels (folder/writer.hpp).
#include "folder/writer.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "common/sha256.hpp"
#include "folder/files.hpp"
#include "folder/lock.hpp"
#include "generate/batch.hpp"
#include "generate/generator.hpp"
#include "generate/random_sequence.hpp"
#include "output/atomic_file.hpp"
#include "output/labels.hpp"
#include "output/npy_writer.hpp"
#include "output/png_sink.hpp"
#include "output/tar_writer.hpp"

namespace mseq {
namespace {

namespace fs = std::filesystem;

constexpr const char *kRecordMagic = "mnistseq-shard 1";
// A chunk (the unit of work of one thread) holds at most this many images
// and, unless one image is larger, at most this many bytes of pixels.
constexpr size_t kMaxChunkImages = 64;
constexpr size_t kChunkBytes = size_t(4) << 20;
// The largest manifest.json read: ours are about 1 KB.
constexpr size_t kMaxManifestBytes = size_t(1) << 20;
// The largest label row of one image: its digits' boxes and indexes.
constexpr size_t kMaxLabelRowBytes = 64 + 80 * size_t(MSEQ_MAX_DIGITS);

std::string str(uint64_t v) { return std::to_string(v); }

// Removes path when it is a regular file (not a link, not a directory).
void remove_if_regular(const std::string &path) {
    if (is_plain_regular_file(path)) unlink_if_present(path);
}

PngOptions png_options(int level) {
    PngOptions options;
    if (level >= 0) {
        options.level = level;
        options.strategy = PngStrategy::standard;
        options.filter = PngFilter::adaptive;
    }
    return options;
}

unsigned resolve_threads(int64_t threads) {
    if (threads > 0) return static_cast<unsigned>(threads);
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

// The fixed facts of one write_shard() call.
struct FolderWriter::Shard {
    uint64_t index = 0;
    uint64_t first = 0;
    uint64_t count = 0;
    const NpyRegionFile *npy = nullptr;
};

// One chunk of a shard: made by any thread, consumed in order.
struct FolderWriter::Chunk {
    uint64_t first = 0;
    size_t count = 0;
    bool ready = false;
    std::string labels;        // label part lines (png, npy)
    std::vector<uint8_t> tar;  // tar members (tar)
    std::string files;         // record lines of in-place files (png)
};

FolderWriter::FolderWriter(const SourceData &ds, std::string dir, JobSpec job)
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
    if (job_.digits.empty()) {
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
    gen_ = job_.params;
    gen_.threads = 1;
    image_bytes_ = image_bytes(ds_, gen_);
    // Bad generation parameters (spacing, fit, width) fail now, before any
    // file is touched.
    {
        std::vector<float> probe((image_bytes_ + 3) / 4);
        generate_batch(ds_, gen_,
                       job_.digits.empty() ? nullptr : job_.digits.data(),
                       job_.digits.size(), 0, 1,
                       BatchOutput{probe.data(), probe.size() * 4});
    }
    if (job_.output == OutputFormat::npy) {
        npy_header_ = npy_header(
            job_.params.format == MSEQ_FORMAT_F32 ? NpyDtype::f32
                                                  : NpyDtype::u8,
            {job_.count, ds_.rows, static_cast<uint64_t>(job_.params.width)});
    }
    manifest_ = format_manifest(job_, describe_data(ds_));
    manifest_sha_ = sha256_hex(manifest_.data(), manifest_.size());
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

uint64_t FolderWriter::shard_first(uint64_t shard) const {
    return shard * job_.shard_size;
}

uint64_t FolderWriter::shard_images(uint64_t shard) const {
    return std::min(job_.shard_size, job_.count - shard_first(shard));
}

FolderWriter::State FolderWriter::state() const {
    bool present = false;
    const std::string text = read_manifest(present);
    if (!present) return State::absent;
    if (text != manifest_) return State::other;
    if (is_directory(parts_dir())) return State::running;
    std::vector<std::string> problems;
    check_outputs(problems, 1);
    return problems.empty() ? State::finished : State::incomplete;
}

void FolderWriter::require_running() const {
    bool present = false;
    const std::string text = read_manifest(present);
    if (!present) {
        throw Error(MSEQ_EINVAL, path(kManifestName) +
                                     ": missing (the dataset was not begun)");
    }
    if (text != manifest_) {
        throw Error(MSEQ_EEXIST, path(kManifestName) +
                                     " was written for another job: " +
                                     manifest_difference(text, manifest_));
    }
}

bool FolderWriter::finished() const { return state() == State::finished; }

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
            break;
        }
        case OutputFormat::tar:
            for (uint64_t k = 0; k < shards_; ++k) {
                const std::string name = tar_file_name(k);
                const int64_t size = regular_file_size(path(name));
                // Each member is a 512-byte header and its data in 512-byte
                // blocks; the archive ends with two empty blocks.
                const uint64_t least = 2 * shard_images(k) * 1024 + 1024;
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

void FolderWriter::remove_parts_dir() const {
    const std::string parts = parts_dir();
    if (!is_directory(parts)) return;
    for (const std::string &name : list_dir(parts)) {
        if (is_parts_file_name(name)) remove_if_regular(parts + "/" + name);
    }
    // A folder that still holds something (not ours) is left as it is.
    if (::rmdir(parts.c_str()) != 0 && errno != ENOTEMPTY && errno != EEXIST &&
        errno != ENOENT) {
        throw Error(MSEQ_EIO, parts + ": " + errno_text(errno));
    }
}

void FolderWriter::make_parts_dir() const {
    if (::mkdir(parts_dir().c_str(), 0777) != 0 &&
        !(errno == EEXIST && is_directory(parts_dir()))) {
        throw Error(MSEQ_EIO, parts_dir() + ": " + errno_text(errno));
    }
}

void FolderWriter::begin(bool force) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !is_directory(dir_)) {
        throw Error(
            MSEQ_EIO,
            dir_ + ": " + (ec ? ec.message() : std::string("not a directory")));
    }
    const State st = state();
    if (st == State::finished && !force) return;
    if ((st == State::running || st == State::incomplete) && !force) {
        // The same job: keep what is complete. Its temporary files are the
        // only ones removed (they are in its own folder).
        make_parts_dir();
        for (const std::string &name : list_dir(parts_dir())) {
            if (name.compare(0, 4, kTempPrefix) == 0) {
                remove_if_regular(parts_dir() + "/" + name);
            }
        }
        prepare_npy();
        return;
    }
    const std::vector<std::string> names = list_dir(dir_);
    if (st == State::other && !force) {
        bool present = false;
        const std::string text = read_manifest(present);
        throw Error(MSEQ_EEXIST,
                    path(kManifestName) + " was written for another job: " +
                        manifest_difference(text, manifest_) +
                        " (remove the directory, choose another, or force "
                        "to replace its dataset)");
    }
    if (st == State::absent && !force) {
        for (const std::string &name : names) {
            if (name != kPartsDir) {
                throw Error(MSEQ_EEXIST,
                            dir_ + ": not empty and holds no " + kManifestName +
                                " (found '" + name +
                                "'; choose an empty directory, or force to "
                                "write into it)");
            }
        }
    }
    // A new job: remove the files a dataset writer makes (regular files
    // with exactly those names, nothing else), then start.
    remove_parts_dir();
    for (const std::string &name : names) {
        if (is_dataset_file_name(name)) remove_if_regular(path(name));
    }
    make_parts_dir();
    prepare_npy();
    write_file_atomic(path(kManifestName), manifest_.data(), manifest_.size(),
                      false, parts_dir());
}

void FolderWriter::prepare_npy() const {
    if (job_.output != OutputFormat::npy) return;
    const std::string part = npy_part_path();
    if (regular_file_size(part) == static_cast<int64_t>(npy_size())) return;
    // A finish() killed after moving images.npy into place: move it back.
    const std::string final_path = path(kNpyName);
    if (regular_file_size(part) < 0 &&
        regular_file_size(final_path) == static_cast<int64_t>(npy_size())) {
        if (::rename(final_path.c_str(), part.c_str()) != 0) {
            throw Error(MSEQ_EIO, final_path + ": " + errno_text(errno));
        }
        return;
    }
    // Missing or damaged: every shard is redone.
    for (uint64_t k = 0; k < shards_; ++k) {
        unlink_if_present(record_path(k));
    }
    NpyRegionFile::create(part, npy_header_, job_.count * image_bytes_).close();
}

bool FolderWriter::shard_complete(uint64_t shard) const {
    if (shard >= shards_) {
        throw Error(MSEQ_EINVAL, "shard " + str(shard) +
                                     " out of range: " + "the dataset has " +
                                     str(shards_) + " shards");
    }
    const State st = state();
    if (st == State::finished) return true;
    if (st != State::running) return false;
    std::string text;
    // A record lists its shard's files: about 40 bytes each.
    const size_t record_limit =
        4096 + 64 * static_cast<size_t>(shard_images(shard));
    if (!read_regular_file(record_path(shard), record_limit, text)) {
        return false;
    }
    if (job_.output == OutputFormat::npy &&
        regular_file_size(npy_part_path()) !=
            static_cast<int64_t>(npy_size())) {
        return false;
    }
    std::istringstream in(text);
    std::string line;
    const std::string expected[] = {
        kRecordMagic, "manifest " + manifest_sha_, "shard " + str(shard),
        "images " + str(shard_first(shard)) + " " + str(shard_images(shard))};
    for (const std::string &want : expected) {
        if (!std::getline(in, line) || line != want) return false;
    }
    size_t files = 0;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string tag, name;
        int64_t size = -1;
        if (!(fields >> tag >> size >> name) || tag != "file" ||
            regular_file_size(path(name)) != size) {
            return false;
        }
        ++files;
    }
    return files > 0;
}

void FolderWriter::process_chunk(const Shard &shard, Chunk &chunk) const {
    const bool random = job_.digits.empty();
    const size_t stride = random ? static_cast<size_t>(job_.params.max_length)
                                 : job_.digits.size();
    std::vector<float> pixels((chunk.count * image_bytes_ + 3) / 4);
    std::vector<mseq_placement> placements(chunk.count * stride);
    std::vector<uint32_t> lengths(chunk.count);
    BatchOutput out;
    out.out = pixels.data();
    out.out_size = pixels.size() * sizeof(float);
    out.placements = placements.data();
    out.placements_len = placements.size();
    out.lengths = lengths.data();
    generate_batch(ds_, gen_, random ? nullptr : job_.digits.data(),
                   job_.digits.size(), chunk.first, chunk.count, out);

    const auto *bytes = reinterpret_cast<const uint8_t *>(pixels.data());
    const PngOptions options = png_options(job_.png_level);
    std::vector<uint8_t> png;
    for (size_t i = 0; i < chunk.count; ++i) {
        const uint64_t index = chunk.first + i;
        const ImageLabels labels{placements.data() + i * stride, lengths[i]};
        const uint8_t *image = bytes + i * image_bytes_;
        switch (job_.output) {
            case OutputFormat::png: {
                encode_png_gray8(png, image, ds_.rows,
                                 static_cast<uint32_t>(job_.params.width),
                                 options);
                // A final name always holds a complete file: each PNG is
                // written beside the job's state and renamed into place.
                const std::string name = image_file_name(index);
                write_file_atomic(path(name), png.data(), png.size(), false,
                                  parts_dir());
                chunk.files += "file " + str(png.size()) + " " + name + "\n";
                chunk.labels += csv_label_row(index, labels);
                break;
            }
            case OutputFormat::tar: {
                encode_png_gray8(png, image, ds_.rows,
                                 static_cast<uint32_t>(job_.params.width),
                                 options);
                const std::string name = image_file_name(index);
                tar_append_file(chunk.tar, name, png.data(), png.size());
                const std::string json = json_label_row(index, labels) + "\n";
                const std::string stem = name.substr(0, name.size() - 4);
                tar_append_file(chunk.tar, stem + ".json", json.data(),
                                json.size());
                break;
            }
            case OutputFormat::npy:
                chunk.labels += json_label_row(index, labels) + "\n";
                break;
        }
    }
    if (job_.output == OutputFormat::npy) {
        shard.npy->write_at(npy_header_.size() + chunk.first * image_bytes_,
                            bytes, chunk.count * image_bytes_);
    }
}

FolderWriter::Sample FolderWriter::expected_sample(uint64_t index) const {
    const bool random = job_.digits.empty();
    const size_t stride = random ? static_cast<size_t>(job_.params.max_length)
                                 : job_.digits.size();
    std::vector<float> pixels((image_bytes_ + 3) / 4);
    std::vector<mseq_placement> placements(stride);
    uint32_t length = 0;
    BatchOutput out;
    out.out = pixels.data();
    out.out_size = pixels.size() * sizeof(float);
    out.placements = placements.data();
    out.placements_len = placements.size();
    out.lengths = &length;
    generate_batch(ds_, gen_, random ? nullptr : job_.digits.data(),
                   job_.digits.size(), index, 1, out);
    const auto *bytes = reinterpret_cast<const uint8_t *>(pixels.data());
    const ImageLabels labels{placements.data(), length};
    Sample sample;
    if (job_.output == OutputFormat::npy) {
        sample.image.assign(reinterpret_cast<const char *>(bytes),
                            image_bytes_);
        sample.offset = npy_header_.size() + index * image_bytes_;
        sample.label = json_label_row(index, labels) + "\n";
        return sample;
    }
    std::vector<uint8_t> png;
    encode_png_gray8(png, bytes, ds_.rows,
                     static_cast<uint32_t>(job_.params.width),
                     png_options(job_.png_level));
    sample.image.assign(png.begin(), png.end());
    sample.label = job_.output == OutputFormat::png
                       ? csv_label_row(index, labels)
                       : json_label_row(index, labels) + "\n";
    return sample;
}

void FolderWriter::remove_shard_outputs(const Shard &shard) const {
    if (job_.output != OutputFormat::png) return;
    for (uint64_t i = shard.first; i < shard.first + shard.count; ++i) {
        remove_if_regular(path(image_file_name(i)));
    }
}

void FolderWriter::write_shard(uint64_t shard_index,
                               const ProgressFn &progress) const {
    if (shard_index >= shards_) {
        throw Error(MSEQ_EINVAL, "shard " + str(shard_index) +
                                     " out of range: the dataset has " +
                                     str(shards_) + " shards");
    }
    require_running();
    Shard shard;
    shard.index = shard_index;
    shard.first = shard_first(shard_index);
    shard.count = shard_images(shard_index);
    if (shard_complete(shard_index)) {
        if (progress) progress(shard.count, shard.count);
        return;
    }
    if (!is_directory(parts_dir())) {
        throw Error(MSEQ_EINVAL,
                    parts_dir() + ": missing (the dataset was not begun)");
    }
    // From here on the shard is incomplete until its new record exists.
    unlink_if_present(record_path(shard_index));

    std::optional<NpyRegionFile> npy;
    if (job_.output == OutputFormat::npy) {
        npy.emplace(NpyRegionFile::open(npy_part_path(), npy_size()));
        shard.npy = &*npy;
    }
    std::optional<AtomicFile> labels;
    if (job_.output != OutputFormat::tar) {
        labels.emplace(labels_part_path(shard_index), parts_dir());
    }
    std::optional<AtomicFile> tar;
    uint64_t tar_size = 0;
    if (job_.output == OutputFormat::tar) {
        tar.emplace(path(tar_file_name(shard_index)), parts_dir());
    }
    std::string record = std::string(kRecordMagic) + "\nmanifest " +
                         manifest_sha_ + "\nshard " + str(shard_index) +
                         "\nimages " + str(shard.first) + " " +
                         str(shard.count) + "\n";

    // Chunks: made by a pool of threads (this one included), consumed in
    // order by this thread, at most `window` chunks ahead of consumption.
    size_t per_chunk = std::max<size_t>(
        1, std::min(kMaxChunkImages, kChunkBytes / image_bytes_));
    const unsigned threads = resolve_threads(job_.params.threads);
    per_chunk = std::min<size_t>(
        per_chunk, static_cast<size_t>((shard.count + threads - 1) / threads));
    const uint64_t nchunks = (shard.count + per_chunk - 1) / per_chunk;
    const size_t workers =
        static_cast<size_t>(std::min<uint64_t>(threads, nchunks)) - 1;
    const size_t window = 2 * (workers + 1) + 1;
    std::vector<Chunk> slots(window);
    std::mutex mutex;
    std::condition_variable changed;
    uint64_t next = 0;      // next chunk to claim
    uint64_t consumed = 0;  // chunks consumed
    bool stop = false;
    std::exception_ptr failure;

    // Claims the next chunk if one may be made now; false otherwise.
    auto claim = [&](uint64_t &c) {
        if (stop || next >= nchunks || next >= consumed + window) return false;
        c = next++;
        return true;
    };
    auto make = [&](uint64_t c) {
        Chunk &chunk = slots[c % window];
        chunk.first = shard.first + c * per_chunk;
        chunk.count = static_cast<size_t>(std::min<uint64_t>(
            per_chunk, shard.first + shard.count - chunk.first));
        chunk.labels.clear();
        chunk.tar.clear();
        chunk.files.clear();
        try {
            process_chunk(shard, chunk);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
            stop = true;
            changed.notify_all();
            return;
        }
        std::lock_guard<std::mutex> lock(mutex);
        chunk.ready = true;
        changed.notify_all();
    };
    auto worker = [&] {
        for (;;) {
            uint64_t c = 0;
            {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] {
                    return stop || next >= nchunks || next < consumed + window;
                });
                if (!claim(c)) return;
            }
            make(c);
        }
    };
    std::vector<std::thread> pool;
    bool canceled = false;
    auto stop_pool = [&] {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stop = true;
            changed.notify_all();
        }
        for (std::thread &t : pool) t.join();
        pool.clear();
    };
    try {
        for (size_t i = 0; i < workers; ++i) {
            try {
                pool.emplace_back(worker);
            } catch (const std::system_error &) {
                // No more threads to be had (memory, process limits): the
                // ones running and this one make the remaining chunks.
                break;
            }
        }
        for (uint64_t c = 0; c < nchunks; ++c) {
            Chunk &chunk = slots[c % window];
            for (;;) {
                std::unique_lock<std::mutex> lock(mutex);
                if (chunk.ready || failure) break;
                uint64_t mine = 0;
                if (claim(mine)) {
                    lock.unlock();
                    make(mine);  // help while waiting
                    continue;
                }
                changed.wait(lock);
            }
            if (failure) break;
            if (labels) labels->write(chunk.labels.data(), chunk.labels.size());
            if (tar) {
                tar->write(chunk.tar.data(), chunk.tar.size());
                tar_size += chunk.tar.size();
            }
            record += chunk.files;
            {
                std::lock_guard<std::mutex> lock(mutex);
                chunk.ready = false;
                ++consumed;
                changed.notify_all();
            }
            const uint64_t done = chunk.first + chunk.count - shard.first;
            if (progress && !progress(done, shard.count)) {
                canceled = true;
                break;
            }
        }
        stop_pool();
        if (failure) std::rethrow_exception(failure);
        if (canceled) {
            throw Error(MSEQ_ECANCELED,
                        "canceled by the progress callback while writing "
                        "shard " +
                            str(shard_index) + " of " + dir_ +
                            " (complete shards are kept: run again to "
                            "resume)");
        }
        if (tar) {
            const std::vector<uint8_t> trailer = tar_trailer(tar_size);
            tar->write(trailer.data(), trailer.size());
            tar->commit();
            record += "file " + str(tar_size + trailer.size()) + " " +
                      tar_file_name(shard_index) + "\n";
        }
        if (labels) {
            labels->commit();
            const std::string part = labels_part_path(shard_index);
            record += "file " +
                      str(static_cast<uint64_t>(regular_file_size(part))) +
                      " " + part.substr(dir_.size() + 1) + "\n";
        }
        if (npy) npy->close();
        write_file_atomic(record_path(shard_index), record.data(),
                          record.size(), false, parts_dir());
    } catch (...) {
        stop_pool();
        if (labels) labels->discard();
        if (tar) tar->discard();
        remove_shard_outputs(shard);
        throw;
    }
}

void FolderWriter::finish() {
    const State st = state();
    if (st == State::finished) return;
    require_running();
    if (st != State::running) {
        throw Error(MSEQ_EINVAL,
                    parts_dir() + ": missing (the dataset was not begun)");
    }
    for (uint64_t k = 0; k < shards_; ++k) {
        if (!shard_complete(k)) {
            throw Error(MSEQ_EINVAL,
                        dir_ + ": shard " + str(k) + " (images " +
                            str(shard_first(k)) + ".." +
                            str(shard_first(k) + shard_images(k) - 1) +
                            ") is not complete: write it before finishing");
        }
    }
    if (job_.output != OutputFormat::tar) {
        const bool csv = job_.output == OutputFormat::png;
        AtomicFile labels(path(csv ? kCsvLabelsName : kJsonLabelsName),
                          parts_dir());
        if (csv) {
            labels.write(kCsvLabelsHeader, std::strlen(kCsvLabelsHeader));
        }
        std::string part;
        for (uint64_t k = 0; k < shards_; ++k) {
            const size_t limit =
                static_cast<size_t>(shard_images(k)) * kMaxLabelRowBytes;
            if (!read_regular_file(labels_part_path(k), limit, part)) {
                throw Error(MSEQ_EIO, labels_part_path(k) + ": vanished");
            }
            labels.write(part.data(), part.size());
        }
        labels.commit();
    }
    if (job_.output == OutputFormat::npy) {
        const std::string final_path = path(kNpyName);
        if (::rename(npy_part_path().c_str(), final_path.c_str()) != 0) {
            throw Error(MSEQ_EIO, final_path + ": " + errno_text(errno));
        }
    }
    remove_parts_dir();
}

void write_folder(const SourceData &ds, const std::string &dir,
                  const JobSpec &job, bool force, const ProgressFn &progress) {
    FolderWriter writer(ds, dir, job);
    // One whole job at a time in a folder (shards written by separate
    // processes through the shard API are the caller's to coordinate).
    std::error_code ec;
    fs::create_directories(writer.dir(), ec);
    if (ec) throw Error(MSEQ_EIO, writer.dir() + ": " + ec.message());
    const DirLock lock(writer.dir());
    writer.begin(force);
    const uint64_t total = job.count;
    if (writer.finished()) {
        if (progress) progress(total, total);
        return;
    }
    std::vector<bool> complete(writer.shard_count());
    uint64_t done = 0;
    for (uint64_t k = 0; k < writer.shard_count(); ++k) {
        complete[k] = writer.shard_complete(k);
        if (complete[k]) done += writer.shard_images(k);
    }
    if (progress && !progress(done, total)) {
        throw Error(MSEQ_ECANCELED, "canceled by the progress callback");
    }
    for (uint64_t k = 0; k < writer.shard_count(); ++k) {
        if (complete[k]) continue;
        const uint64_t base = done;
        ProgressFn shard_progress;
        if (progress) {
            shard_progress = [&](uint64_t n, uint64_t) {
                return progress(base + n, total);
            };
        }
        writer.write_shard(k, shard_progress);
        done += writer.shard_images(k);
    }
    writer.finish();
}

}  // namespace mseq
