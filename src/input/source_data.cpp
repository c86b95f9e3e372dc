// Finding, reading and indexing one split of an IDX source data
// (source_data.hpp).
#include "input/source_data.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <system_error>
#include <utility>

#include "common/error.hpp"
#include "input/file_bytes.hpp"
#include "input/idx_reader.hpp"
#include "input/style_clusters.hpp"

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
FileRole make_role(Split split, bool images) {
    const std::string prefix = split == Split::train ? "train" : "t10k";
    const std::string kind = images ? "images" : "labels";
    const std::string idx = images ? "idx3-ubyte" : "idx1-ubyte";
    const std::string dash = prefix + "-" + kind + "-" + idx;
    const std::string dot = prefix + "-" + kind + "." + idx;
    return {prefix + " " + kind, {dash, dot, dash + ".gz", dot + ".gz"}};
}

// The four roles, made once.
const FileRole &role(Split split, bool images) {
    static const FileRole roles[2][2] = {
        {make_role(Split::train, false), make_role(Split::train, true)},
        {make_role(Split::test, false), make_role(Split::test, true)}};
    return roles[split == Split::train ? 0 : 1][images ? 1 : 0];
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
// (a permission problem, for instance). Only to choose a default folder:
// the files themselves are found by opening them.
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

// MSEQ_ENOTFOUND saying what was looked for (the role's names) unless dir
// is a directory. `origin` tells where dir came from, if not the caller
// ("MNISTSEQ_DATA=").
void require_directory(const std::string &dir, const FileRole &file,
                       const std::string &origin) {
    if (!is_directory(dir)) {
        throw Error(MSEQ_ENOTFOUND,
                    origin + dir + ": no such data directory (looked for " +
                        name_list(file.names) + ")");
    }
}

// The role's file in the directory dir, opened (the first of its names
// that can be), or MSEQ_ENOTFOUND saying what was looked for and where.
// Each file is opened once, here, and read through that descriptor only:
// nothing can replace it between a look and a read.
std::unique_ptr<ContentReader> open_file(const std::string &dir,
                                         const FileRole &file,
                                         const std::string &origin) {
    for (const std::string &name : file.names) {
        std::unique_ptr<ContentReader> reader =
            ContentReader::open_if_present(join(dir, name));
        if (reader) return reader;
    }
    throw Error(MSEQ_ENOTFOUND, origin + dir + ": no " + file.what +
                                    " file (looked for " +
                                    name_list(file.names) + ")");
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

// The memory an opened split of `count` glyphs of rows x cols pixels holds
// at most (mnistseq.h, MSEQ_MAX_DATA_MEMORY): per glyph its pixels, its
// label, its place in the class index and, in the glyph store, its ink box
// and at most its pixels again. count <= 2^24 and rows * cols <= 2^20: no
// overflow.
uint64_t memory_bound(uint64_t count, const IdxHeader &header) {
    static_assert(sizeof(uint8_t) + sizeof(uint32_t) + sizeof(InkBox) == 17,
                  "the per-glyph overhead documented in mnistseq.h");
    return count * (2 * header.item_bytes() + 17);
}

// Refuses a count above MSEQ_MAX_GLYPHS.
void check_count(const IdxHeader &header, const char *noun,
                 const std::string &path) {
    if (header.count > MSEQ_MAX_GLYPHS) {
        throw Error(MSEQ_ERANGE, path + ": header says " +
                                     std::to_string(header.count) + " " + noun +
                                     ", more than MSEQ_MAX_GLYPHS (" +
                                     std::to_string(MSEQ_MAX_GLYPHS) + ")");
    }
}

// Refuses, before anything more is read or allocated, an images header
// announcing more than the documented limits.
void check_limits(const IdxHeader &header, const std::string &path) {
    check_count(header, "images", path);
    const uint64_t memory = memory_bound(header.count, header);
    if (memory > MSEQ_MAX_DATA_MEMORY) {
        throw Error(MSEQ_ERANGE,
                    path + ": header says " + std::to_string(header.count) +
                        " images of " + std::to_string(header.rows) + "x" +
                        std::to_string(header.cols) + " pixels, which need " +
                        std::to_string(memory) +
                        " bytes of memory (count x (2 x rows x cols + 17)), "
                        "more than MSEQ_MAX_DATA_MEMORY (" +
                        std::to_string(MSEQ_MAX_DATA_MEMORY) + ")");
    }
}

// Reads the body of an IDX file (the `body` bytes after its header) into
// out, then up to kTrailingSlack bytes more, to tell trailing bytes;
// returns the content's size as far as it was read, and sets `more` when
// it goes on beyond that.
uint64_t read_body(ContentReader &file, size_t header, uint64_t body,
                   std::vector<uint8_t> &out, bool &more) {
    const size_t got = file.read_append(out, static_cast<size_t>(body));
    uint64_t size = header + got;
    more = false;
    if (got == body) {
        uint8_t slack[kTrailingSlack];
        const size_t extra = file.read(slack, sizeof slack);
        size += extra;
        if (extra == sizeof slack) more = file.read(slack, 1) == 1;
    }
    return size;
}

IdxImages read_images(ContentReader &file) {
    uint8_t head[kIdxImagesHeader];
    const size_t got = file.read(head, sizeof head);
    const IdxHeader header = parse_idx_images_header(head, got, file.path());
    check_limits(header, file.path());
    IdxImages images;
    images.count = header.count;
    images.rows = header.rows;
    images.cols = header.cols;
    bool more = false;
    const uint64_t size =
        read_body(file, kIdxImagesHeader, header.count * header.item_bytes(),
                  images.pixels, more);
    check_idx_images_size(header, size, more, file.path());
    return images;
}

// Reads the labels file, which must announce `count` labels (those of the
// images file `images_path`).
std::vector<uint8_t> read_labels(ContentReader &file, uint32_t count,
                                 const std::string &images_path) {
    uint8_t head[kIdxLabelsHeader];
    const size_t got = file.read(head, sizeof head);
    const IdxHeader header = parse_idx_labels_header(head, got, file.path());
    check_count(header, "labels", file.path());
    if (header.count != count) {
        throw Error(MSEQ_EFORMAT, images_path + " holds " +
                                      std::to_string(count) + " images but " +
                                      file.path() + " holds " +
                                      std::to_string(header.count) + " labels");
    }
    std::vector<uint8_t> labels;
    bool more = false;
    const uint64_t size =
        read_body(file, kIdxLabelsHeader, header.count, labels, more);
    check_idx_labels_size(header, size, more, file.path());
    check_idx_label_values(labels.data(), labels.size(), file.path());
    return labels;
}

// The writers of the split's glyphs from the QMNIST file `path` when it is
// not empty, else from the split's file in dir, or null when there is none.
std::shared_ptr<const WriterData> load_writers(
    const std::string &dir, const std::string &path, Split split,
    const std::vector<uint8_t> &labels) {
    const bool exact = split == Split::train;
    if (!path.empty()) {
        return std::make_shared<const WriterData>(
            read_qmnist_writers(path, labels, exact), labels);
    }
    const std::string name = kQmnistNames[static_cast<int>(split)];
    for (const char *suffix : {"", ".gz"}) {
        const std::string file = join(dir, name + suffix);
        if (ContentReader::open_if_present(file) != nullptr) {
            return std::make_shared<const WriterData>(
                read_qmnist_writers(file, labels, exact), labels);
        }
    }
    return nullptr;
}

SourceData load(const std::string &dir_arg, Split split,
                const std::string &writers_path) {
    const FileRole &images_role = role(split, true);
    const FileRole &labels_role = role(split, false);
    std::string origin;
    const std::string dir =
        dir_arg.empty() ? default_dir(images_role, origin) : dir_arg;
    require_directory(dir, images_role, origin);
    const std::unique_ptr<ContentReader> images_file =
        open_file(dir, images_role, origin);
    const std::unique_ptr<ContentReader> labels_file =
        open_file(dir, labels_role, origin);

    IdxImages images = read_images(*images_file);
    std::vector<uint8_t> labels =
        read_labels(*labels_file, images.count, images_file->path());
    if (images.count == 0) {
        throw Error(MSEQ_EFORMAT, images_file->path() + ": holds no images");
    }

    SourceData ds;
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
    if (glyph_store_pays(ds.rows, ds.cols)) {
        ds.store =
            build_glyph_store(ds.pixels.data(), ds.size(), ds.rows, ds.cols);
    }
    ds.images_path = images_file->path();
    ds.labels_path = labels_file->path();
    ds.writers = load_writers(dir, writers_path, split, ds.labels);
    return ds;
}

}  // namespace

const WriterData &LazyStyles::get(const SourceData &ds) const {
    std::call_once(once_, [&] {
        data_ = std::make_unique<const WriterData>(
            style_clusters(ds.pixels.data(), ds.labels, ds.rows, ds.cols),
            ds.labels);
    });
    return *data_;
}

const char *const kQmnistNames[2] = {"qmnist-train-labels-idx2-int",
                                     "qmnist-test-labels-idx2-int"};

SourceData load_source_data(const std::string &dir, Split split,
                            const std::string &writers_path) {
    try {
        return load(dir, split, writers_path);
    } catch (const std::bad_alloc &) {
        throw Error(MSEQ_ENOMEM, "out of memory loading the source data");
    }
}

}  // namespace mseq
