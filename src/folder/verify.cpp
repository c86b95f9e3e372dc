// Dataset folder verification (folder/verify.hpp).
#include "folder/verify.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "folder/files.hpp"
#include "folder/writer.hpp"

namespace mseq {
namespace {

constexpr size_t kMaxManifestBytes = size_t(1) << 20;

// "key": value lines of a manifest, values as written (strings unquoted).
std::map<std::string, std::string> entries(const std::string &text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == ',') line.pop_back();
        const size_t open = line.find('"');
        const size_t close =
            open == std::string::npos ? open : line.find("\": ", open + 1);
        if (close == std::string::npos) continue;
        std::string value = line.substr(close + 3);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        out[line.substr(open + 1, close - open - 1)] = value;
    }
    return out;
}

class Fields {
public:
    explicit Fields(const std::string &text) : map_(entries(text)) {}

    const std::string &text(const char *key) const {
        const auto it = map_.find(key);
        if (it == map_.end()) {
            throw Error(MSEQ_EINVAL, std::string("manifest.json: no \"") + key +
                                         "\" (not a mnistseq manifest of this "
                                         "version)");
        }
        return it->second;
    }
    bool null(const char *key) const { return text(key) == "null"; }
    int64_t integer(const char *key) const {
        const std::string &v = text(key);
        char *end = nullptr;
        errno = 0;
        const long long n = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || errno != 0) bad(key, v);
        return n;
    }
    uint64_t unsigned_integer(const char *key) const {
        const std::string &v = text(key);
        char *end = nullptr;
        errno = 0;
        const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || v[0] == '-' || *end != '\0' || errno != 0) {
            bad(key, v);
        }
        return n;
    }
    bool flag(const char *key) const {
        const std::string &v = text(key);
        if (v != "true" && v != "false") bad(key, v);
        return v == "true";
    }
    int choice(const char *key,
               std::initializer_list<const char *> names) const {
        const std::string &v = text(key);
        int i = 0;
        for (const char *name : names) {
            if (v == name) return i;
            ++i;
        }
        bad(key, v);
    }
    [[noreturn]] static void bad(const char *key, const std::string &v) {
        throw Error(MSEQ_EINVAL, std::string("manifest.json: \"") + key +
                                     "\" is " + v +
                                     ", not a value this "
                                     "version writes");
    }

private:
    std::map<std::string, std::string> map_;
};

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

}  // namespace

JobSpec parse_manifest(const std::string &text, std::string &split) {
    const Fields f(text);
    if (f.integer("mnistseq_manifest") != 1) {
        Fields::bad("mnistseq_manifest", f.text("mnistseq_manifest"));
    }
    JobSpec job;
    job.output =
        static_cast<OutputFormat>(f.choice("output", {"png", "npy", "tar"}));
    job.count = f.unsigned_integer("count");
    job.shard_size = f.unsigned_integer("shard_size");
    job.params.format = f.choice("pixel_format", {"float32", "uint8"}) == 0
                            ? MSEQ_FORMAT_F32
                            : MSEQ_FORMAT_U8;
    if (!f.null("png_level"))
        job.png_level = static_cast<int>(f.integer("png_level"));
    split = f.text("split");
    if (split != "train" && split != "test") Fields::bad("split", split);
    job.params.width = f.integer("width");
    job.params.seed = f.unsigned_integer("seed");
    if (f.null("sequence")) {
        job.params.min_length = f.integer("min_length");
        job.params.max_length = f.integer("max_length");
        job.params.no_leading_zero = f.flag("no_leading_zero");
        job.params.unique = f.flag("unique");
    } else {
        for (char c : f.text("sequence")) {
            if (c < '0' || c > '9') Fields::bad("sequence", f.text("sequence"));
            job.digits.push_back(c - '0');
        }
    }
    job.params.min_spacing = f.integer("min_spacing");
    job.params.max_spacing = f.integer("max_spacing");
    job.params.fit =
        static_cast<mseq_fit>(f.choice("fit", {"pad", "exact", "strict"}));
    job.params.align = static_cast<mseq_align>(
        f.choice("align", {"center", "left", "right", "random"}));
    job.params.invert = f.flag("invert");
    job.params.shard_size = static_cast<int64_t>(job.shard_size);
    job.params.png_level = job.png_level;
    return job;
}

JobSpec read_manifest_job(const std::string &dir, std::string &split) {
    std::string text;
    const std::string path = dir + "/" + kManifestName;
    if (!read_regular_file(path, kMaxManifestBytes, text)) {
        throw Error(MSEQ_EIO, path + ": missing (not a dataset folder)");
    }
    return parse_manifest(text, split);
}

VerifyReport verify_folder(const SourceData &ds, const std::string &dir,
                           const JobSpec &job, uint64_t sample,
                           size_t max_problems) {
    const FolderWriter writer(ds, dir, job);
    std::string text;
    const std::string manifest_path = dir + "/" + kManifestName;
    if (!read_regular_file(manifest_path, kMaxManifestBytes, text)) {
        throw Error(MSEQ_EIO,
                    manifest_path + ": missing (not a dataset folder)");
    }
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
            read_regular_file(dir + "/" + labels_name, job.count * 90000 + 4096,
                              labels);
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
                const std::string stem = name.substr(0, name.size() - 4);
                const auto png = members.find(name);
                const auto json = members.find(stem + ".json");
                if (png == members.end() || png->second != want.image ||
                    json == members.end() || json->second != want.label) {
                    problem(tar_file_name(shard) + ": " + name + " or " + stem +
                            ".json differs from the regenerated sample");
                }
                break;
            }
        }
    }
    return report;
}

}  // namespace mseq
