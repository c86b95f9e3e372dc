// Deterministic manifest.json text and its comparison (manifest.hpp).
#include "output/manifest.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "generate/augment.hpp"
#include "generate/param_table.hpp"
#include "generate/photometric.hpp"
#include "generate/template.hpp"
#include "input/background_image.hpp"
#include "input/idx_reader.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// First line of every manifest, and its format version.
constexpr const char *kFirstKey = "mnistseq_manifest";
constexpr int kManifestVersion = 1;

std::string base_name(const std::string &path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Builds "{\n  \"key\": value,\n ... }\n" in insertion order.
class Writer {
public:
    void raw(const char *key, const std::string &value) {
        lines_.push_back("  " + json_string(key) + ": " + value);
    }
    void str(const char *key, const std::string &value) {
        raw(key, json_string(value));
    }
    // A generation parameter under its table name, as its type reads:
    // a number, true/false, or an enum's value name ("pad").
    void param(const Params &params, mseq_param key) {
        const ParamRow &row = *find_param(key);
        if (row.type == MSEQ_TYPE_F64) {
            // 17 significant digits read back as the same double.
            char text[40];
            std::snprintf(text, sizeof text, "%.17g",
                          get_param_value_f64(params, row));
            raw(row.name, text);
            return;
        }
        const int64_t value = get_param_value(params, row);
        if (row.type == MSEQ_TYPE_BOOL) {
            flag(row.name, value != 0);
        } else if (row.type == MSEQ_TYPE_ENUM) {
            str(row.name, param_choice_name(row, value));
        } else {
            num(row.name, value);
        }
    }
    void num(const char *key, uint64_t value) {
        raw(key, std::to_string(value));
    }
    void num(const char *key, int64_t value) {
        raw(key, std::to_string(value));
    }
    void flag(const char *key, bool value) {
        raw(key, value ? "true" : "false");
    }
    void null(const char *key) { raw(key, "null"); }

    std::string text() const {
        std::string out = "{\n";
        for (size_t i = 0; i < lines_.size(); ++i) {
            out += lines_[i];
            out += i + 1 < lines_.size() ? ",\n" : "\n";
        }
        return out + "}\n";
    }

private:
    std::vector<std::string> lines_;
};

std::vector<std::string> split_lines(const std::string &text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == ',') {
            line.pop_back();
        }
        lines.push_back(line);
    }
    return lines;
}

// Splits `  "key": value` into key and value; false for other lines.
bool split_entry(const std::string &line, std::string &key,
                 std::string &value) {
    const size_t open = line.find('"');
    const size_t close =
        open == std::string::npos ? open : line.find("\": ", open + 1);
    if (close == std::string::npos) {
        return false;
    }
    key = line.substr(open + 1, close - open - 1);
    value = line.substr(close + 3);
    return true;
}

// The keys of a manifest's lines.
std::set<std::string> line_keys(const std::vector<std::string> &lines) {
    std::set<std::string> keys;
    std::string key, value;
    for (const std::string &line : lines) {
        if (split_entry(line, key, value)) keys.insert(key);
    }
    return keys;
}

// "key": value lines of a manifest, values as written (strings unquoted).
std::map<std::string, std::string> entries(const std::string &text) {
    std::map<std::string, std::string> out;
    std::string key, value;
    for (const std::string &line : split_lines(text)) {
        if (!split_entry(line, key, value)) continue;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        out[key] = value;
    }
    return out;
}

// The entries of a manifest read as the types this version writes.
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
    bool has(const char *key) const { return map_.count(key) != 0; }
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
    double real(const char *key) const {
        const std::string &v = text(key);
        char *end = nullptr;
        errno = 0;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || errno != 0) bad(key, v);
        return x;
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

// The SHA-256 of the IDX content that ds was loaded from, rebuilt from the
// data in memory: the header, then the pixels (or labels) in file order.
std::string images_sha256(const SourceData &ds) {
    const auto header =
        idx_images_header(static_cast<uint32_t>(ds.size()), ds.rows, ds.cols);
    Sha256 digest;
    digest.update(header.data(), header.size());
    digest.update(ds.pixels.data(), ds.pixels.size());
    return digest.hex();
}

std::string labels_sha256(const SourceData &ds) {
    const auto header = idx_labels_header(static_cast<uint32_t>(ds.size()));
    Sha256 digest;
    digest.update(header.data(), header.size());
    digest.update(ds.labels.data(), ds.labels.size());
    return digest.hex();
}

}  // namespace

const char *output_name(OutputFormat format) {
    switch (format) {
        case OutputFormat::npy:
            return "npy";
        case OutputFormat::tar:
            return "tar";
        case OutputFormat::png:
            break;
    }
    return "png";
}

std::string json_string(const std::string &s) {
    std::string out = "\"";
    for (char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

DataFiles describe_data(const SourceData &ds) {
    DataFiles files;
    files.images_name = base_name(ds.images_path);
    files.labels_name = base_name(ds.labels_path);
    files.split =
        files.images_name.compare(0, 4, "t10k") == 0 ? "test" : "train";
    files.images_sha256 = images_sha256(ds);
    files.labels_sha256 = labels_sha256(ds);
    if (ds.writers != nullptr) {
        files.writers_name = base_name(ds.writers->writers.path);
        files.writers_sha256 = ds.writers->writers.sha256;
    }
    files.rows = ds.rows;
    files.cols = ds.cols;
    return files;
}

const DataFiles &DataDescription::of(const SourceData &ds) const {
    std::call_once(once_, [&] { files_ = describe_data(ds); });
    return files_;
}

std::string format_manifest(const JobSpec &job, const DataFiles &data) {
    const Params &p = job.params;
    const bool random = job.digits.empty();
    const bool png = job.output != OutputFormat::npy;
    Writer w;
    w.num(kFirstKey, int64_t{kManifestVersion});
    w.str("library_version", MSEQ_VERSION_STRING);
    w.str("output", output_name(job.output));
    w.num("count", job.count);
    w.num("shard_size", job.shard_size);
    w.num("shards", (job.count + job.shard_size - 1) / job.shard_size);
    w.str("pixel_format",
          !png && p.format == MSEQ_FORMAT_F32 ? "float32" : "uint8");
    if (png) {
        w.num("png_level", int64_t{job.png_level});
    } else {
        w.null("png_level");
    }
    // Only when set, so that the manifests of 1.0's jobs stay as they were.
    if (png && p.png_recipe) {
        w.param(p, MSEQ_PARAM_PNG_RECIPE);
    }
    if (p.masks) {
        w.param(p, MSEQ_PARAM_MASKS);
    }
    w.str("split", data.split);
    w.str("images_file", data.images_name);
    w.str("images_sha256", data.images_sha256);
    w.str("labels_file", data.labels_name);
    w.str("labels_sha256", data.labels_sha256);
    // One writer per image: the choice and the writers' file, only when set
    // (1.0's manifests have none).
    if (p.writer == MSEQ_WRITER_SAME) {
        if (data.writers_sha256.empty()) {
            throw Error(MSEQ_EINVAL,
                        "writer same: the data has no writers to record");
        }
        w.param(p, MSEQ_PARAM_WRITER);
        w.str("writers_file", data.writers_name);
        w.str("writers_sha256", data.writers_sha256);
    }
    if (p.style != MSEQ_STYLE_ANY) w.param(p, MSEQ_PARAM_STYLE);
    // The image's height: the glyph rows unless MSEQ_PARAM_HEIGHT is set,
    // so the manifests of 1.0's jobs stay as they were.
    w.num("height", p.height != 0 ? uint64_t(p.height) : uint64_t{data.rows});
    w.param(p, MSEQ_PARAM_WIDTH);
    w.num("glyph_width", uint64_t{data.cols});
    w.num("seed", p.seed);  // unsigned: the parameter's 64-bit pattern
    if (random) {
        w.null("sequence");
        // The template of the texts, only when set (1.0's have none).
        if (p.text_template != nullptr) {
            w.str("template", p.text_template->text());
        }
        for (mseq_param key : kSequenceKeys) w.param(p, key);
        // The order of unique sequences, unless it is 1.0's: a manifest of
        // 1.0 (unique, no record) reads back as 1.0's order.
        if (p.unique && p.unique_permutation != MSEQ_PERMUTATION_FEISTEL_1_0) {
            w.param(p, MSEQ_PARAM_UNIQUE_PERMUTATION);
        }
    } else {
        std::string text;
        for (int d : job.digits) {
            text += static_cast<char>('0' + d);
        }
        w.str("sequence", text);
        for (mseq_param key : kSequenceKeys) w.null(find_param(key)->name);
    }
    for (mseq_param key :
         {MSEQ_PARAM_MIN_SPACING, MSEQ_PARAM_MAX_SPACING, MSEQ_PARAM_FIT,
          MSEQ_PARAM_ALIGN, MSEQ_PARAM_INVERT}) {
        w.param(p, key);
    }
    // The margins, only when set (1.0's manifests have none).
    for (mseq_param key : {MSEQ_PARAM_MARGIN_X, MSEQ_PARAM_MARGIN_Y}) {
        if (get_param_value(p, *find_param(key)) != 0) w.param(p, key);
    }
    // Every augmentation key, when any is on: a job without augmentation
    // keeps the manifest of 1.0 (so that its folders still resume). The
    // whole image's keys only when one of its modules is on, so that a
    // folder of per-digit augmentation made before them still resumes; the
    // baseline's keys likewise only when it is on.
    const bool photometric = photometric_on(p);
    const bool baseline = baseline_on(p);
    if (augmentation_on(p) || photometric) {
        for (size_t i = 0; i < param_row_count(); ++i) {
            const ParamRow &row = param_rows()[i];
            if (row.group != MSEQ_GROUP_AUGMENTATION) continue;
            if (is_photometric_key(row.key) && !photometric) continue;
            if (is_baseline_key(row.key) && !baseline) continue;
            w.param(p, row.key);
        }
    }
    // The users' pictures when the paper is made of them: each path as
    // given and the SHA-256 of its bytes.
    if (photometric && p.background == MSEQ_BACKGROUND_IMAGE &&
        p.background_images != nullptr) {
        const BackgroundImages &pictures = *p.background_images;
        w.num("background_images", uint64_t{pictures.size()});
        for (size_t k = 0; k < pictures.size(); ++k) {
            const std::string key = "background_image_" + std::to_string(k + 1);
            w.str(key.c_str(), pictures[k].path);
            w.str((key + "_sha256").c_str(), pictures[k].sha256);
        }
    }
    return w.text();
}

std::string manifest_difference(const std::string &existing,
                                const std::string &wanted) {
    if (existing == wanted) {
        return "";
    }
    const std::vector<std::string> have = split_lines(existing);
    const std::vector<std::string> want = split_lines(wanted);
    std::string key, value;
    if (have.size() < 2 || have[0] != "{" ||
        !split_entry(have[1], key, value) || key != kFirstKey) {
        return "it is not a mnistseq manifest";
    }
    for (size_t i = 0; i < have.size() || i < want.size(); ++i) {
        const std::string a = i < have.size() ? have[i] : "";
        const std::string b = i < want.size() ? want[i] : "";
        if (a == b) {
            continue;
        }
        std::string key_a, value_a, key_b, value_b;
        const bool entry_a = split_entry(a, key_a, value_a);
        const bool entry_b = split_entry(b, key_b, value_b);
        if (entry_a && entry_b && key_a == key_b) {
            return json_string(key_a) + " is " + value_a + " there, " +
                   value_b + " here";
        }
        if (entry_a && line_keys(want).count(key_a) == 0) {
            return json_string(key_a) + " is " + value_a +
                   " there, and not set here";
        }
        if (entry_b) {
            return json_string(key_b) + " is " + value_b +
                   " here, and not at that place there";
        }
        return "line " + std::to_string(i + 1) + " differs";
    }
    return "they differ in white space";
}

namespace {

// The pictures a manifest names, read again from their paths: each must
// still have the recorded SHA-256.
std::shared_ptr<const BackgroundImages> read_manifest_pictures(
    const Fields &f) {
    const uint64_t count = f.unsigned_integer("background_images");
    check_background_count(size_t(std::min<uint64_t>(count, SIZE_MAX)));
    std::vector<std::string> paths, digests;
    for (uint64_t k = 1; k <= count; ++k) {
        const std::string key = "background_image_" + std::to_string(k);
        paths.push_back(f.text(key.c_str()));
        digests.push_back(f.text((key + "_sha256").c_str()));
    }
    auto pictures = read_background_images(paths);
    for (size_t k = 0; k < paths.size(); ++k) {
        if ((*pictures)[k].sha256 != digests[k]) {
            throw Error(MSEQ_EINVAL,
                        "background image '" + paths[k] + "': its SHA-256 is " +
                            (*pictures)[k].sha256 + ", the manifest's " +
                            digests[k] + " (the file changed)");
        }
    }
    return pictures;
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
    job.params.png_recipe = f.has("png_recipe") && f.flag("png_recipe");
    job.params.masks = f.has("masks") && f.flag("masks");
    split = f.text("split");
    if (f.has("style")) {
        job.params.style =
            static_cast<mseq_style>(f.choice("style", {"any", "consistent"}));
    }
    if (f.has("writer")) {
        job.params.writer = static_cast<mseq_writer_choice>(
            f.choice("writer", {"any", "same"}));
    }
    if (split != "train" && split != "test") Fields::bad("split", split);
    job.params.width = f.integer("width");
    // The image's height; equal to the glyph rows, it is what height 0
    // gives too.
    job.params.height = f.integer("height");
    if (f.has("margin_x")) job.params.margin_x = f.integer("margin_x");
    if (f.has("margin_y")) job.params.margin_y = f.integer("margin_y");
    job.params.seed = f.unsigned_integer("seed");
    if (f.null("sequence")) {
        if (f.has("template")) {
            job.params.text_template =
                std::make_shared<const Template>(f.text("template"));
        }
        job.params.min_length = f.integer("min_length");
        job.params.max_length = f.integer("max_length");
        job.params.no_leading_zero = f.flag("no_leading_zero");
        job.params.unique = f.flag("unique");
        if (job.params.unique) {
            job.params.unique_permutation =
                f.has("unique_permutation")
                    ? static_cast<mseq_permutation>(f.choice(
                          "unique_permutation", {"uniform", "feistel_1_0"}))
                    : MSEQ_PERMUTATION_FEISTEL_1_0;
        }
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
    for (size_t i = 0; i < param_row_count(); ++i) {
        const ParamRow &row = param_rows()[i];
        if (row.group != MSEQ_GROUP_AUGMENTATION || !f.has(row.name)) {
            continue;
        }
        if (row.type == MSEQ_TYPE_F64) {
            set_param_value(job.params, row, f.real(row.name));
            continue;
        }
        // An enum, by its value name.
        int64_t value = 0;
        while (value <= row.max &&
               param_choice_name(row, value) != f.text(row.name)) {
            ++value;
        }
        if (value > row.max) Fields::bad(row.name, f.text(row.name));
        set_param_value(job.params, row, value);
    }
    if (f.has("background_images")) {
        job.params.background_images = read_manifest_pictures(f);
    }
    job.params.shard_size = static_cast<int64_t>(job.shard_size);
    job.params.png_level = job.png_level;
    return job;
}

}  // namespace mseq
