// The dataset writer: shards, resume, labels (dataset_writer.hpp).
#include "dataset_writer.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
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

#include "atomic_file.hpp"
#include "batch.hpp"
#include "error.hpp"
#include "generator.hpp"
#include "npy_writer.hpp"
#include "png_sink.hpp"
#include "random_sequence.hpp"
#include "sha256.hpp"
#include "tar_writer.hpp"

namespace mseq {
namespace {

namespace fs = std::filesystem;

constexpr const char *kManifestName = "manifest.json";
constexpr const char *kPartsDir = ".mnistseq-parts";
constexpr const char *kRecordMagic = "mnistseq-shard 1";
constexpr const char *kCsvHeader = "file,text,length,boxes,source_indices\n";
// A chunk (the unit of work of one thread) holds at most this many images
// and, unless one image is larger, at most this many bytes of pixels.
constexpr size_t kMaxChunkImages = 64;
constexpr size_t kChunkBytes = size_t(4) << 20;

std::string str(uint64_t v) { return std::to_string(v); }

std::string padded(uint64_t value, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*llu", width,
                  static_cast<unsigned long long>(value));
    return buf;
}

std::string image_stem(uint64_t index) { return padded(index, 9); }
std::string tar_name(uint64_t shard) {
    return "shard-" + padded(shard, 6) + ".tar";
}

std::string errno_text(int err) { return std::generic_category().message(err); }

bool all_digits(const std::string &s, size_t from, size_t to) {
    if (from >= to) return false;
    for (size_t i = from; i < to; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

bool ends_with(const std::string &s, const char *suffix) {
    const std::string t(suffix);
    return s.size() >= t.size() &&
           s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// Names that a dataset writer creates in its directory.
bool is_output_name(const std::string &name) {
    if (name == kManifestName || name == "labels.csv" ||
        name == "labels.jsonl" || name == "images.npy" || name == kPartsDir) {
        return true;
    }
    if (ends_with(name, ".png") && name.size() >= 13) {
        return all_digits(name, 0, name.size() - 4);
    }
    if (name.compare(0, 6, "shard-") == 0 && ends_with(name, ".tar") &&
        name.size() >= 16) {
        return all_digits(name, 6, name.size() - 4);
    }
    return false;
}

// AtomicFile's temporary names: ".<name>.XXXXXX".
bool is_temp_of_output(const std::string &name) {
    if (name.size() < 10 || name[0] != '.' || name[name.size() - 7] != '.') {
        return false;
    }
    return is_output_name(name.substr(1, name.size() - 8));
}

std::vector<std::string> list_dir(const std::string &dir) {
    std::vector<std::string> names;
    DIR *d = ::opendir(dir.c_str());
    if (d == nullptr) {
        throw Error(MSEQ_EIO, dir + ": " + errno_text(errno));
    }
    for (;;) {
        errno = 0;
        const dirent *entry = ::readdir(d);
        if (entry == nullptr) {
            const int err = errno;
            ::closedir(d);
            if (err != 0) {
                throw Error(MSEQ_EIO, dir + ": " + errno_text(err));
            }
            return names;
        }
        const std::string name = entry->d_name;
        if (name != "." && name != "..") {
            names.push_back(name);
        }
    }
}

void remove_path(const std::string &path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) {
        throw Error(MSEQ_EIO, path + ": " + ec.message());
    }
}

void unlink_if_present(const std::string &path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
    }
}

// Reads a whole file into text; false when it does not exist.
bool read_text(const std::string &path, std::string &text) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return false;
        throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
    }
    text.clear();
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw Error(MSEQ_EIO, path + ": " + errno_text(err));
        }
        if (n == 0) break;
        text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return true;
}

// Size of a regular file, or -1 when it does not exist (or is not one).
int64_t file_size(const std::string &path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    return static_cast<int64_t>(st.st_size);
}

bool is_directory(const std::string &path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Writes a whole file in place (create or truncate). Throws MSEQ_EIO.
void write_in_place(const std::string &path, const void *data, size_t size) {
    const int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        throw Error(MSEQ_EIO, path + ": " + errno_text(errno));
    }
    const auto *p = static_cast<const unsigned char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(path.c_str());
            throw Error(MSEQ_EIO, path + ": " + errno_text(err));
        }
        p += n;
        size -= static_cast<size_t>(n);
    }
    if (::close(fd) != 0 && errno != EINTR) {
        const int err = errno;
        ::unlink(path.c_str());
        throw Error(MSEQ_EIO, path + ": " + errno_text(err));
    }
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

// One image's labels.
struct Labels {
    const mseq_placement *placements;
    size_t length;
};

std::string label_text(const Labels &l) {
    std::string text(l.length, '0');
    for (size_t j = 0; j < l.length; ++j) {
        text[j] = static_cast<char>('0' + l.placements[j].label);
    }
    return text;
}

// file,text,length,boxes,source_indices
std::string csv_row(uint64_t index, const Labels &l) {
    std::string row = image_stem(index) + ".png,\"" + label_text(l) + "\"," +
                      str(l.length) + ",\"";
    for (size_t j = 0; j < l.length; ++j) {
        const mseq_placement &p = l.placements[j];
        row += (j ? ";" : "") + std::to_string(p.x_begin) + " " +
               std::to_string(p.y_begin) + " " + std::to_string(p.x_end) + " " +
               std::to_string(p.y_end);
    }
    row += "\",\"";
    for (size_t j = 0; j < l.length; ++j) {
        row += (j ? " " : "") + std::to_string(l.placements[j].source_index);
    }
    return row + "\"\n";
}

// {"index": 123, "text": "0350", "length": 4, "boxes": [[x0, y0, x1, y1],
// ...], "source_indices": [...]}
std::string json_row(uint64_t index, const Labels &l) {
    std::string row = "{\"index\": " + str(index) + ", \"text\": \"" +
                      label_text(l) + "\", \"length\": " + str(l.length) +
                      ", \"boxes\": [";
    for (size_t j = 0; j < l.length; ++j) {
        const mseq_placement &p = l.placements[j];
        row += (j ? ", [" : "[") + std::to_string(p.x_begin) + ", " +
               std::to_string(p.y_begin) + ", " + std::to_string(p.x_end) +
               ", " + std::to_string(p.y_end) + "]";
    }
    row += "], \"source_indices\": [";
    for (size_t j = 0; j < l.length; ++j) {
        row += (j ? ", " : "") + std::to_string(l.placements[j].source_index);
    }
    return row + "]}";
}

unsigned resolve_threads(int64_t threads) {
    if (threads > 0) return static_cast<unsigned>(threads);
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

// The fixed facts of one write_shard() call.
struct DatasetWriter::Shard {
    uint64_t index = 0;
    uint64_t first = 0;
    uint64_t count = 0;
    const NpyRegionFile *npy = nullptr;
};

// One chunk of a shard: made by any thread, consumed in order.
struct DatasetWriter::Chunk {
    uint64_t first = 0;
    size_t count = 0;
    bool ready = false;
    std::string labels;        // label part lines (png, npy)
    std::vector<uint8_t> tar;  // tar members (tar)
    std::string files;         // record lines of in-place files (png)
};

DatasetWriter::DatasetWriter(const Dataset &ds, std::string dir, JobSpec job)
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

std::string DatasetWriter::path(const std::string &name) const {
    return dir_ + "/" + name;
}

std::string DatasetWriter::record_path(uint64_t shard) const {
    return path(std::string(kPartsDir) + "/shard-" + padded(shard, 6) +
                ".done");
}

std::string DatasetWriter::labels_part_path(uint64_t shard) const {
    return path(std::string(kPartsDir) + "/labels-" + padded(shard, 6) +
                (job_.output == OutputFormat::png ? ".csv" : ".jsonl"));
}

std::string DatasetWriter::npy_part_path() const {
    return path(std::string(kPartsDir) + "/images.npy");
}

uint64_t DatasetWriter::npy_size() const {
    return npy_header_.size() + job_.count * image_bytes_;
}

uint64_t DatasetWriter::shard_first(uint64_t shard) const {
    return shard * job_.shard_size;
}

uint64_t DatasetWriter::shard_images(uint64_t shard) const {
    return std::min(job_.shard_size, job_.count - shard_first(shard));
}

DatasetWriter::State DatasetWriter::state() const {
    std::string text;
    if (!read_text(path(kManifestName), text)) return State::absent;
    if (text != manifest_) return State::other;
    return is_directory(path(kPartsDir)) ? State::running : State::finished;
}

void DatasetWriter::require_running() const {
    std::string text;
    if (!read_text(path(kManifestName), text)) {
        throw Error(MSEQ_EINVAL, path(kManifestName) +
                                     ": missing (the dataset was not begun)");
    }
    if (text != manifest_) {
        throw Error(MSEQ_EEXIST, path(kManifestName) +
                                     " was written for another job: " +
                                     manifest_difference(text, manifest_));
    }
}

bool DatasetWriter::finished() const { return state() == State::finished; }

void DatasetWriter::begin(bool force) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !is_directory(dir_)) {
        throw Error(
            MSEQ_EIO,
            dir_ + ": " + (ec ? ec.message() : std::string("not a directory")));
    }
    const State st = state();
    if (st == State::finished && !force) return;
    std::vector<std::string> names = list_dir(dir_);
    if (st == State::running && !force) {
        for (const std::string &name : names) {
            if (is_temp_of_output(name)) unlink_if_present(path(name));
        }
        prepare_npy();
        return;
    }
    if (st == State::other && !force) {
        std::string text;
        read_text(path(kManifestName), text);
        throw Error(MSEQ_EEXIST,
                    path(kManifestName) + " was written for another job: " +
                        manifest_difference(text, manifest_) +
                        " (remove the directory, choose another, or force "
                        "to replace its dataset)");
    }
    if (st == State::absent && !force) {
        for (const std::string &name : names) {
            if (name != kPartsDir && !is_temp_of_output(name)) {
                throw Error(MSEQ_EEXIST,
                            dir_ + ": not empty and holds no " + kManifestName +
                                " (found '" + name +
                                "'; choose an empty directory, or force to "
                                "write into it)");
            }
        }
    }
    // A new job: remove whatever an earlier writer left, then start.
    for (const std::string &name : names) {
        if (is_output_name(name) || is_temp_of_output(name)) {
            remove_path(path(name));
        }
    }
    if (::mkdir(path(kPartsDir).c_str(), 0777) != 0) {
        throw Error(MSEQ_EIO, path(kPartsDir) + ": " + errno_text(errno));
    }
    prepare_npy();
    write_file_atomic(path(kManifestName), manifest_.data(), manifest_.size());
}

void DatasetWriter::prepare_npy() const {
    if (job_.output != OutputFormat::npy) return;
    const std::string part = npy_part_path();
    if (file_size(part) == static_cast<int64_t>(npy_size())) return;
    // A finish() killed after moving images.npy into place: move it back.
    const std::string final_path = path("images.npy");
    if (file_size(part) < 0 &&
        file_size(final_path) == static_cast<int64_t>(npy_size())) {
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

bool DatasetWriter::shard_complete(uint64_t shard) const {
    if (shard >= shards_) {
        throw Error(MSEQ_EINVAL, "shard " + str(shard) +
                                     " out of range: " + "the dataset has " +
                                     str(shards_) + " shards");
    }
    const State st = state();
    if (st == State::finished) return true;
    if (st != State::running) return false;
    std::string text;
    if (!read_text(record_path(shard), text)) return false;
    if (job_.output == OutputFormat::npy &&
        file_size(npy_part_path()) != static_cast<int64_t>(npy_size())) {
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
            file_size(path(name)) != size) {
            return false;
        }
        ++files;
    }
    return files > 0;
}

void DatasetWriter::process_chunk(const Shard &shard, Chunk &chunk) const {
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
        const Labels labels{placements.data() + i * stride, lengths[i]};
        const uint8_t *image = bytes + i * image_bytes_;
        switch (job_.output) {
            case OutputFormat::png: {
                encode_png_gray8(png, image, ds_.rows,
                                 static_cast<uint32_t>(job_.params.width),
                                 options);
                const std::string name = image_stem(index) + ".png";
                write_in_place(path(name), png.data(), png.size());
                chunk.files += "file " + str(png.size()) + " " + name + "\n";
                chunk.labels += csv_row(index, labels);
                break;
            }
            case OutputFormat::tar: {
                encode_png_gray8(png, image, ds_.rows,
                                 static_cast<uint32_t>(job_.params.width),
                                 options);
                const std::string stem = image_stem(index);
                tar_append_file(chunk.tar, stem + ".png", png.data(),
                                png.size());
                const std::string json = json_row(index, labels) + "\n";
                tar_append_file(chunk.tar, stem + ".json", json.data(),
                                json.size());
                break;
            }
            case OutputFormat::npy:
                chunk.labels += json_row(index, labels) + "\n";
                break;
        }
    }
    if (job_.output == OutputFormat::npy) {
        shard.npy->write_at(npy_header_.size() + chunk.first * image_bytes_,
                            bytes, chunk.count * image_bytes_);
    }
}

void DatasetWriter::remove_shard_outputs(const Shard &shard) const {
    if (job_.output != OutputFormat::png) return;
    for (uint64_t i = shard.first; i < shard.first + shard.count; ++i) {
        ::unlink(path(image_stem(i) + ".png").c_str());
    }
}

void DatasetWriter::write_shard(uint64_t shard_index,
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
    if (!is_directory(path(kPartsDir))) {
        throw Error(MSEQ_EINVAL,
                    path(kPartsDir) + ": missing (the dataset was not begun)");
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
        labels.emplace(labels_part_path(shard_index));
    }
    std::optional<AtomicFile> tar;
    uint64_t tar_size = 0;
    if (job_.output == OutputFormat::tar) {
        tar.emplace(path(tar_name(shard_index)));
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
                      tar_name(shard_index) + "\n";
        }
        if (labels) {
            labels->commit();
            const std::string part = labels_part_path(shard_index);
            record += "file " + str(static_cast<uint64_t>(file_size(part))) +
                      " " + part.substr(dir_.size() + 1) + "\n";
        }
        if (npy) npy->close();
        write_file_atomic(record_path(shard_index), record.data(),
                          record.size());
    } catch (...) {
        stop_pool();
        if (labels) labels->discard();
        if (tar) tar->discard();
        remove_shard_outputs(shard);
        throw;
    }
}

void DatasetWriter::finish() {
    const State st = state();
    if (st == State::finished) return;
    require_running();
    if (st != State::running) {
        throw Error(MSEQ_EINVAL,
                    path(kPartsDir) + ": missing (the dataset was not begun)");
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
        AtomicFile labels(path(csv ? "labels.csv" : "labels.jsonl"));
        if (csv)
            labels.write(kCsvHeader,
                         std::char_traits<char>::length(kCsvHeader));
        std::string part;
        for (uint64_t k = 0; k < shards_; ++k) {
            if (!read_text(labels_part_path(k), part)) {
                throw Error(MSEQ_EIO, labels_part_path(k) + ": vanished");
            }
            labels.write(part.data(), part.size());
        }
        labels.commit();
    }
    if (job_.output == OutputFormat::npy) {
        const std::string final_path = path("images.npy");
        if (::rename(npy_part_path().c_str(), final_path.c_str()) != 0) {
            throw Error(MSEQ_EIO, final_path + ": " + errno_text(errno));
        }
    }
    remove_path(path(kPartsDir));
    for (const std::string &name : list_dir(dir_)) {
        if (is_temp_of_output(name)) unlink_if_present(path(name));
    }
}

void write_dataset(const Dataset &ds, const std::string &dir,
                   const JobSpec &job, bool force, const ProgressFn &progress) {
    DatasetWriter writer(ds, dir, job);
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
