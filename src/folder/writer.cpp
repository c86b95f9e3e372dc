// The dataset folder writer's protocol (folder/writer.hpp). The job's
// checks and file names are in writer_job.cpp, the images of a shard in
// shard_writer.cpp; this file is the protocol, step by step:
//
//  1. begin(): read DIR/manifest.json. None: DIR must be empty (or force).
//     Another job's: refused (or force). With force or for a new job, the
//     files a writer makes (and only those) are removed, .mnistseq-parts/
//     is made, images.npy created there at its final size (npy), and the
//     manifest written atomically, last. The same job resumes: its
//     temporary files are removed, complete shards kept.
//  2. write_shard(k), for every shard, in any order, from any process:
//     a. skip it when its record parts/shard-k.done is valid: the magic
//        line, the manifest's SHA-256, the shard, its images, and "file
//        SIZE NAME" lines each naming a file of that size;
//     b. else remove the record (the shard is incomplete from now on),
//        write the images (PNG files renamed into place one by one, label
//        part and tar archive to temporary files, images.npy by region);
//     c. commit the label part and the tar archive, then write the record
//        atomically, last: the shard is complete exactly when its record
//        is. On a failure or a cancel the shard's partial files go.
//  3. finish(): once every shard is complete, join the label parts into
//     labels.csv / labels.jsonl (atomically), move images.npy into place
//     and remove .mnistseq-parts/. From then on the folder is finished:
//     this job's manifest, no state folder, every output in place
//     (check_outputs).
// A kill at any point leaves a folder that begin() resumes: shard records
// and final names only ever name complete files.
#include "folder/writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "folder/files.hpp"
#include "folder/lock.hpp"
#include "output/atomic_dir.hpp"
#include "output/atomic_file.hpp"
#include "output/labels.hpp"
#include "output/npy_writer.hpp"
#include "output/tar_writer.hpp"

namespace mseq {
namespace {

namespace fs = std::filesystem;

constexpr const char *kRecordMagic = "mnistseq-shard 1";

std::string str(uint64_t v) { return std::to_string(v); }

// Splits a record's "file SIZE NAME" line (fields separated by blanks,
// anything after NAME ignored). False when it is not one.
bool parse_file_line(const std::string &line, int64_t &size,
                     std::string &name) {
    const char *p = line.data();
    const char *end = p + line.size();
    const auto field = [&](std::string_view &out) {
        while (p < end && (*p == ' ' || *p == '\t')) ++p;
        const char *from = p;
        while (p < end && *p != ' ' && *p != '\t') ++p;
        out = std::string_view(from, static_cast<size_t>(p - from));
        return !out.empty();
    };
    std::string_view tag, digits, file;
    if (!field(tag) || tag != "file" || !field(digits) || !field(file)) {
        return false;
    }
    const auto parsed =
        std::from_chars(digits.data(), digits.data() + digits.size(), size);
    if (parsed.ec != std::errc() ||
        parsed.ptr != digits.data() + digits.size()) {
        return false;
    }
    name.assign(file);
    return true;
}

// regular_file_size() of a path relative to an open folder.
int64_t file_size_at(int dir_fd, const std::string &name) {
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode)) {
        return -1;
    }
    return static_cast<int64_t>(st.st_size);
}

}  // namespace

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
    // images.npy, and masks.npy with masks: each in place in the state
    // folder at its final size.
    struct Array {
        std::string part;
        const char *name;
        const std::string &header;
        uint64_t size;
    };
    std::vector<Array> arrays{
        {npy_part_path(), kNpyName, npy_header_, npy_size()}};
    if (job_.params.masks) {
        arrays.push_back({masks_npy_part_path(), kMasksNpyName,
                          masks_npy_header_, masks_npy_size()});
    }
    for (const Array &a : arrays) {
        if (regular_file_size(a.part) == static_cast<int64_t>(a.size)) {
            continue;
        }
        // A finish() killed after moving the array into place: move it
        // back.
        const std::string final_path = path(a.name);
        if (regular_file_size(a.part) < 0 &&
            regular_file_size(final_path) == static_cast<int64_t>(a.size)) {
            if (::rename(final_path.c_str(), a.part.c_str()) != 0) {
                throw Error(MSEQ_EIO, final_path + ": " + errno_text(errno));
            }
            continue;
        }
        // Missing or damaged: every shard is redone.
        for (uint64_t k = 0; k < shards_; ++k) {
            unlink_if_present(record_path(k));
        }
        NpyRegionFile::create(a.part, a.header, a.size - a.header.size())
            .close();
    }
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
        (regular_file_size(npy_part_path()) !=
             static_cast<int64_t>(npy_size()) ||
         (job_.params.masks && regular_file_size(masks_npy_part_path()) !=
                                   static_cast<int64_t>(masks_npy_size())))) {
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
    // "file SIZE NAME" lines (a shard of PNG files has one per image): the
    // sizes are looked up relative to the folder, held open.
    const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return false;
    size_t files = 0;
    bool complete = true;
    std::string name;
    while (complete && std::getline(in, line)) {
        int64_t size = -1;
        complete = parse_file_line(line, size, name) &&
                   file_size_at(dir_fd, name) == size;
        ++files;
    }
    ::close(dir_fd);
    return complete && files > 0;
}

void FolderWriter::remove_shard_outputs(const Shard &shard) const {
    if (job_.output != OutputFormat::png) return;
    for (uint64_t i = shard.first; i < shard.first + shard.count; ++i) {
        remove_if_regular(path(image_file_name(i)));
        if (job_.params.masks) remove_if_regular(path(mask_file_name(i)));
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
    // 2a: a complete shard is kept.
    if (shard_complete(shard_index)) {
        if (progress) progress(shard.count, shard.count);
        return;
    }
    if (!is_directory(parts_dir())) {
        throw Error(MSEQ_EINVAL,
                    parts_dir() + ": missing (the dataset was not begun)");
    }
    // 2b: from here on the shard is incomplete until its new record exists.
    unlink_if_present(record_path(shard_index));

    std::optional<NpyRegionFile> npy, masks_npy;
    if (job_.output == OutputFormat::npy) {
        npy.emplace(NpyRegionFile::open(npy_part_path(), npy_size()));
        shard.npy = &*npy;
        if (job_.params.masks) {
            masks_npy.emplace(
                NpyRegionFile::open(masks_npy_part_path(), masks_npy_size()));
            shard.masks_npy = &*masks_npy;
        }
    }
    std::optional<AtomicFile> labels;
    if (job_.output != OutputFormat::tar) {
        labels.emplace(labels_part_path(shard_index), parts_dir());
        shard.labels = &*labels;
    }
    std::optional<AtomicDir> files;
    if (job_.output == OutputFormat::png) {
        files.emplace(dir_, parts_dir());
        shard.files = &*files;
    }
    std::optional<AtomicFile> tar;
    if (job_.output == OutputFormat::tar) {
        tar.emplace(path(tar_file_name(shard_index)), parts_dir());
        shard.tar = &*tar;
    }
    shard.record = std::string(kRecordMagic) + "\nmanifest " + manifest_sha_ +
                   "\nshard " + str(shard_index) + "\nimages " +
                   str(shard.first) + " " + str(shard.count) + "\n";
    try {
        if (!write_images(shard, progress)) {
            throw Error(MSEQ_ECANCELED,
                        "canceled by the progress callback while writing "
                        "shard " +
                            str(shard_index) + " of " + dir_ +
                            " (complete shards are kept: run again to "
                            "resume)");
        }
        // 2c: the shard's files complete, then its record, last.
        if (tar) {
            const std::vector<uint8_t> trailer = tar_trailer(shard.tar_size);
            tar->write(trailer.data(), trailer.size());
            tar->commit();
            shard.record += "file " + str(shard.tar_size + trailer.size()) +
                            " " + tar_file_name(shard_index) + "\n";
        }
        if (labels) {
            labels->commit();
            const std::string part = labels_part_path(shard_index);
            shard.record +=
                "file " + str(static_cast<uint64_t>(regular_file_size(part))) +
                " " + part.substr(dir_.size() + 1) + "\n";
        }
        if (npy) npy->close();
        if (masks_npy) masks_npy->close();
        write_file_atomic(record_path(shard_index), shard.record.data(),
                          shard.record.size(), false, parts_dir());
    } catch (...) {
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
            const std::string header = csv_labels_header(
                job_.params.masks, job_.params.writer == MSEQ_WRITER_SAME,
                job_.params.text_template != nullptr);
            labels.write(header.data(), header.size());
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
        // masks.npy first: a kill between the two renames leaves the state
        // folder, and begin() moves what is in place back (prepare_npy).
        if (job_.params.masks) {
            const std::string masks_path = path(kMasksNpyName);
            if (::rename(masks_npy_part_path().c_str(), masks_path.c_str()) !=
                0) {
                throw Error(MSEQ_EIO, masks_path + ": " + errno_text(errno));
            }
        }
        const std::string final_path = path(kNpyName);
        if (::rename(npy_part_path().c_str(), final_path.c_str()) != 0) {
            throw Error(MSEQ_EIO, final_path + ": " + errno_text(errno));
        }
    }
    remove_parts_dir();
}

void write_folder(const SourceData &ds, const std::string &dir,
                  const JobSpec &job, bool force, const ProgressFn &progress,
                  const DataFiles *data) {
    FolderWriter writer(ds, dir, job, data);
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
