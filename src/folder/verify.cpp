// Dataset folder verification (folder/verify.hpp).
#include "folder/verify.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "folder/files.hpp"
#include "folder/writer.hpp"
#include "output/labels.hpp"

namespace mseq {
namespace {

// The members of a ustar archive: name -> bytes.
std::map<std::string, std::string> tar_members(const std::string &archive) {
    std::map<std::string, std::string> members;
    size_t off = 0;
    while (off + 512 <= archive.size() && archive[off] != '\0') {
        const std::string name =
            archive.substr(off, strnlen(archive.c_str() + off, 100));
        const uint64_t size = std::strtoull(
            std::string(archive, off + 124, 12).c_str(), nullptr, 8);
        if (off + 512 + size > archive.size()) break;
        members[name] = archive.substr(off + 512, size);
        off += 512 + (size + 511) / 512 * 512;
    }
    return members;
}

// Line `index` of text (without its '\n'), or "" past the end.
std::string line_at(const std::string &text, uint64_t index) {
    size_t pos = 0;
    for (uint64_t i = 0; i < index; ++i) {
        pos = text.find('\n', pos);
        if (pos == std::string::npos) return "";
        ++pos;
    }
    const size_t end = text.find('\n', pos);
    return text.substr(pos, end == std::string::npos ? end : end - pos);
}

// Whether the `bytes.size()` bytes at `offset` of the file at path are
// `bytes`.
bool region_equals(const std::string &path, uint64_t offset,
                   const std::string &bytes) {
    std::string have(bytes.size(), '\0');
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    const ssize_t got =
        fd < 0 ? -1
               : ::pread(fd, &have[0], have.size(), static_cast<off_t>(offset));
    if (fd >= 0) ::close(fd);
    return got == static_cast<ssize_t>(have.size()) && have == bytes;
}

// dir/manifest.json's text (bounded, regular file); MSEQ_EIO when missing.
std::string read_manifest_text(const std::string &dir) {
    std::string text;
    const std::string path = dir + "/" + kManifestName;
    if (!read_regular_file(path, kMaxManifestBytes, text)) {
        throw Error(MSEQ_EIO, path + ": missing (not a dataset folder)");
    }
    return text;
}

}  // namespace

JobSpec read_manifest_job(const std::string &dir, std::string &split) {
    return parse_manifest(read_manifest_text(dir), split);
}

VerifyReport verify_folder(const SourceData &ds, const std::string &dir,
                           const JobSpec &job, uint64_t sample,
                           size_t max_problems) {
    const FolderWriter writer(ds, dir, job);
    const std::string text = read_manifest_text(dir);
    const std::string manifest_path = dir + "/" + kManifestName;
    if (text != writer.manifest()) {
        throw Error(MSEQ_EINVAL,
                    manifest_path +
                        " does not describe this job on this data: " +
                        manifest_difference(text, writer.manifest()));
    }
    VerifyReport report;
    auto problem = [&](const std::string &what) {
        ++report.problem_count;
        if (report.problems.size() < max_problems)
            report.problems.push_back(what);
    };
    if (is_directory(dir + "/" + kPartsDir)) {
        problem(std::string(kPartsDir) +
                ": a write is running or was interrupted (run the same "
                "command again to finish it)");
    }
    std::vector<std::string> missing;
    writer.check_outputs(missing, SIZE_MAX);
    for (const std::string &m : missing) problem(m);

    const uint64_t n = std::min(sample, job.count);
    std::string labels;
    const char *labels_name = job.output == OutputFormat::png ? kCsvLabelsName
                              : job.output == OutputFormat::npy
                                  ? kJsonLabelsName
                                  : nullptr;
    if (labels_name != nullptr && n > 0) {
        try {
            read_regular_file(dir + "/" + labels_name,
                              (job.count + 1) * kMaxLabelRowBytes, labels);
        } catch (const Error &e) {
            problem(e.what());
        }
    }
    uint64_t tar_shard = UINT64_MAX;
    std::map<std::string, std::string> members;
    for (uint64_t k = 0; k < n; ++k) {
        const uint64_t index = n == job.count ? k : k * job.count / n;
        const FolderWriter::Sample want = writer.expected_sample(index);
        ++report.images_checked;
        const std::string name = image_file_name(index);
        switch (job.output) {
            case OutputFormat::png: {
                std::string have;
                try {
                    if (!read_regular_file(dir + "/" + name,
                                           want.image.size() + 1, have)) {
                        break;  // reported by check_outputs
                    }
                } catch (const Error &) {
                    have.clear();
                }
                if (have != want.image)
                    problem(name + ": differs from the regenerated image");
                if (job.params.masks) {
                    const std::string mask = mask_file_name(index);
                    std::string bytes;
                    try {
                        read_regular_file(dir + "/" + mask,
                                          want.mask.size() + 1, bytes);
                    } catch (const Error &) {
                        bytes.clear();
                    }
                    if (bytes != want.mask) {
                        problem(mask + ": differs from the regenerated mask");
                    }
                }
                if (line_at(labels, index + 1) + "\n" != want.label) {
                    problem(std::string(labels_name) + ": the row of " + name +
                            " differs");
                }
                break;
            }
            case OutputFormat::npy: {
                std::string have(want.image.size(), '\0');
                const int fd = ::open((dir + "/" + kNpyName).c_str(),
                                      O_RDONLY | O_NONBLOCK | O_CLOEXEC);
                const ssize_t got =
                    fd < 0 ? -1
                           : ::pread(fd, &have[0], have.size(),
                                     static_cast<off_t>(want.offset));
                if (fd >= 0) ::close(fd);
                if (got != static_cast<ssize_t>(have.size()) ||
                    have != want.image) {
                    problem(std::string(kNpyName) + ": image " +
                            std::to_string(index) +
                            " differs from the regenerated one");
                }
                if (job.params.masks &&
                    !region_equals(dir + "/" + kMasksNpyName, want.mask_offset,
                                   want.mask)) {
                    problem(std::string(kMasksNpyName) + ": mask " +
                            std::to_string(index) +
                            " differs from the regenerated one");
                }
                if (line_at(labels, index) + "\n" != want.label) {
                    problem(std::string(labels_name) + ": the row of image " +
                            std::to_string(index) + " differs");
                }
                break;
            }
            case OutputFormat::tar: {
                const uint64_t shard = index / job.shard_size;
                if (shard != tar_shard) {
                    std::string archive;
                    try {
                        read_regular_file(dir + "/" + tar_file_name(shard),
                                          uint64_t(1) << 34, archive);
                    } catch (const Error &) {
                    }
                    members = tar_members(archive);
                    tar_shard = shard;
                }
                const std::string label_name = label_member_name(index);
                const auto png = members.find(name);
                const auto json = members.find(label_name);
                if (png == members.end() || png->second != want.image ||
                    json == members.end() || json->second != want.label) {
                    problem(tar_file_name(shard) + ": " + name + " or " +
                            label_name +
                            " differs from the regenerated sample");
                }
                if (job.params.masks) {
                    const std::string mask_name = mask_file_name(index);
                    const auto mask = members.find(mask_name);
                    if (mask == members.end() || mask->second != want.mask) {
                        problem(tar_file_name(shard) + ": " + mask_name +
                                " differs from the regenerated mask");
                    }
                }
                break;
            }
        }
    }
    return report;
}

}  // namespace mseq
