// Finding, reading and indexing one split of an IDX data set (dataset.hpp).
#include "dataset.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <new>
#include <system_error>
#include <utility>

#include "error.hpp"
#include "file_bytes.hpp"
#include "idx_reader.hpp"

#ifndef MNISTSEQ_INSTALL_DATADIR
#error "MNISTSEQ_INSTALL_DATADIR must be defined by the build"
#endif
#ifndef MNISTSEQ_BUILD_DATADIR
#error "MNISTSEQ_BUILD_DATADIR must be defined by the build"
#endif
#ifndef MNISTSEQ_DATADIR_FROM_LIBDIR
#error "MNISTSEQ_DATADIR_FROM_LIBDIR must be defined by the build"
#endif
#ifndef MNISTSEQ_DATADIR_FROM_BINDIR
#error "MNISTSEQ_DATADIR_FROM_BINDIR must be defined by the build"
#endif

namespace mseq {
namespace {

namespace fs = std::filesystem;

// Bytes read beyond the size a header announces, so that a few trailing
// bytes can be counted exactly in the error message.
constexpr size_t kTrailingSlack = 4096;

// One of the two files of a split, and the names it may have.
struct FileRole {
    std::string what;                // "train images", for messages
    std::vector<std::string> names;  // in the order they are tried
};

// Names of the images (or labels) file of a split: the dash form of the
// MNIST web site, the dot form of some mirrors, each raw or gzip.
FileRole role(Split split, bool images) {
    const std::string prefix = split == Split::train ? "train" : "t10k";
    const std::string kind = images ? "images" : "labels";
    const std::string idx = images ? "idx3-ubyte" : "idx1-ubyte";
    const std::string dash = prefix + "-" + kind + "-" + idx;
    const std::string dot = prefix + "-" + kind + "." + idx;
    return {prefix + " " + kind, {dash, dot, dash + ".gz", dot + ".gz"}};
}

std::string join(const std::string &dir, const std::string &name) {
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

std::string name_list(const std::vector<std::string> &names) {
    std::string text;
    for (const std::string &name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

// True when something exists at path; MSEQ_EIO when that cannot be told
// (a permission problem, for instance).
bool exists(const std::string &path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return false;
    if (ec) {
        if (ec == std::errc::no_such_file_or_directory ||
            ec == std::errc::not_a_directory) {
            return false;
        }
        throw Error(MSEQ_EIO, path + ": " + ec.message());
    }
    return true;
}

bool is_directory(const std::string &path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

// The path of the first of the role's names present in dir, or "".
std::string find_file(const std::string &dir, const FileRole &file) {
    for (const std::string &name : file.names) {
        const std::string path = join(dir, name);
        if (exists(path)) return path;
    }
    return "";
}

// The path of the role's file in dir, or MSEQ_ENOTFOUND saying what was
// looked for and where. `origin` tells where dir came from, if not the
// caller ("MNISTSEQ_DATA=").
std::string require_file(const std::string &dir, const FileRole &file,
                         const std::string &origin) {
    if (!is_directory(dir)) {
        throw Error(MSEQ_ENOTFOUND,
                    origin + dir + ": no such data directory (looked for " +
                        name_list(file.names) + ")");
    }
    std::string path = find_file(dir, file);
    if (path.empty()) {
        throw Error(MSEQ_ENOTFOUND, origin + dir + ": no " + file.what +
                                        " file (looked for " +
                                        name_list(file.names) + ")");
    }
    return path;
}

// The data folders of the installation this code was loaded from, found
// relative to the file that holds it (the shared library in <libdir>, or an
// executable in <bindir> that linked the static library), so that a
// relocated installation (cmake --install --prefix X) finds X/share/mnistseq.
std::vector<std::string> installed_data_dirs() {
    std::vector<std::string> dirs;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void *>(&installed_data_dirs), &info) == 0 ||
        info.dli_fname == nullptr || info.dli_fname[0] == '\0') {
        return dirs;
    }
    std::error_code ec;
    const fs::path module = fs::canonical(info.dli_fname, ec);
    if (ec) return dirs;
    for (const char *relative :
         {MNISTSEQ_DATADIR_FROM_LIBDIR, MNISTSEQ_DATADIR_FROM_BINDIR}) {
        dirs.push_back(
            (module.parent_path() / relative).lexically_normal().string());
    }
    return dirs;
}

// The folder to read when the caller gave none: MNISTSEQ_DATA when set,
// else the first of the installed and build-tree data folders that holds
// the split's images file. Sets origin to describe the choice.
std::string default_dir(const FileRole &images, std::string &origin) {
    const char *env = std::getenv("MNISTSEQ_DATA");
    if (env != nullptr && env[0] != '\0') {
        origin = "MNISTSEQ_DATA=";
        return env;
    }
    std::vector<std::string> candidates = installed_data_dirs();
    candidates.emplace_back(MNISTSEQ_INSTALL_DATADIR);
    candidates.emplace_back(MNISTSEQ_BUILD_DATADIR);
    std::string tried;
    for (const std::string &dir : candidates) {
        if (is_directory(dir) && !find_file(dir, images).empty()) return dir;
        tried += (tried.empty() ? "" : ", ") + dir;
    }
    throw Error(MSEQ_ENOTFOUND,
                "no digit data found: looked for " + name_list(images.names) +
                    " in " + tried +
                    "; set MNISTSEQ_DATA or pass a data directory");
}

IdxImages read_images(const std::string &path) {
    const FileBytes head = read_file_bytes(path, kIdxImagesHeader);
    const uint64_t size =
        idx_images_file_size(head.data.data(), head.data.size(), path);
    const FileBytes file =
        read_file_bytes(path, static_cast<size_t>(size) + kTrailingSlack);
    return parse_idx_images(file.data.data(), file.data.size(), path,
                            file.more);
}

std::vector<uint8_t> read_labels(const std::string &path) {
    const FileBytes head = read_file_bytes(path, kIdxLabelsHeader);
    const uint64_t size =
        idx_labels_file_size(head.data.data(), head.data.size(), path);
    const FileBytes file =
        read_file_bytes(path, static_cast<size_t>(size) + kTrailingSlack);
    return parse_idx_labels(file.data.data(), file.data.size(), path,
                            file.more);
}

Dataset load(const std::string &dir_arg, Split split) {
    const FileRole images_role = role(split, true);
    const FileRole labels_role = role(split, false);
    std::string origin;
    const std::string dir =
        dir_arg.empty() ? default_dir(images_role, origin) : dir_arg;
    const std::string images_path = require_file(dir, images_role, origin);
    const std::string labels_path = require_file(dir, labels_role, origin);

    IdxImages images = read_images(images_path);
    std::vector<uint8_t> labels = read_labels(labels_path);
    if (labels.size() != images.count) {
        throw Error(MSEQ_EFORMAT,
                    images_path + " holds " + std::to_string(images.count) +
                        " images but " + labels_path + " holds " +
                        std::to_string(labels.size()) + " labels");
    }
    if (images.count == 0) {
        throw Error(MSEQ_EFORMAT, images_path + ": holds no images");
    }

    Dataset ds;
    ds.rows = images.rows;
    ds.cols = images.cols;
    ds.pixels = std::move(images.pixels);
    ds.labels = std::move(labels);
    std::array<uint32_t, 10> counts{};
    for (uint8_t label : ds.labels) ++counts[label];
    for (size_t digit = 0; digit < 10; ++digit) {
        ds.by_class[digit].reserve(counts[digit]);
    }
    for (uint32_t i = 0; i < images.count; ++i) {
        ds.by_class[ds.labels[i]].push_back(i);
    }
    ds.store = build_glyph_store(ds.pixels.data(), ds.size(), ds.rows, ds.cols);
    ds.images_path = images_path;
    ds.labels_path = labels_path;
    return ds;
}

}  // namespace

Dataset load_dataset(const std::string &dir, Split split) {
    try {
        return load(dir, split);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, "out of memory loading the data set");
    }
}

}  // namespace mseq
