// Helpers of the dataset writer tests (dataset_support.hpp).
#include "dataset_support.hpp"

#include <dirent.h>
#include <sys/wait.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace dataset_test {

const mseq_dataset *mnist() {
    static mseq_dataset *ds = [] {
        mseq_dataset *d = nullptr;
        const int rc = mseq_open(&d, nullptr, MSEQ_SPLIT_TEST);
        if (rc != MSEQ_OK) {
            ADD_FAILURE() << "mseq_open: " << mseq_last_error();
        }
        return d;
    }();
    return ds;
}

Params::Params() {
    EXPECT_EQ(mseq_params_new(&p_), MSEQ_OK);
    set(MSEQ_PARAM_WIDTH, 120);
    set(MSEQ_PARAM_MIN_SPACING, 0);
    set(MSEQ_PARAM_MAX_SPACING, 6);
    set(MSEQ_PARAM_SEED, 7);
    set(MSEQ_PARAM_SHARD_SIZE, 10);
    set(MSEQ_PARAM_THREADS, 2);
}

Params &Params::set(mseq_param key, int64_t value) {
    EXPECT_EQ(mseq_params_set(p_, key, value), MSEQ_OK) << mseq_last_error();
    return *this;
}

int64_t Params::get(mseq_param key) const {
    int64_t v = 0;
    EXPECT_EQ(mseq_params_get(&v, p_, key), MSEQ_OK) << mseq_last_error();
    return v;
}

std::vector<Sample> reference(const mseq_params *params, const int *digits,
                              size_t ndigits, uint64_t first, size_t count,
                              bool f32) {
    mseq_params *p = nullptr;
    EXPECT_EQ(mseq_params_new(&p), MSEQ_OK);
    // Copy every key that matters to generation.
    for (int key = MSEQ_PARAM_MIN_SPACING; key <= MSEQ_PARAM_THREADS; ++key) {
        int64_t v = 0;
        EXPECT_EQ(mseq_params_get(&v, params, static_cast<mseq_param>(key)),
                  MSEQ_OK);
        EXPECT_EQ(mseq_params_set(p, static_cast<mseq_param>(key), v), MSEQ_OK);
    }
    int64_t max_length = 0;
    mseq_params_get(&max_length, p, MSEQ_PARAM_MAX_LENGTH);
    const size_t stride = digits != nullptr ? ndigits : size_t(max_length);
    uint32_t rows = 0, cols = 0;
    mseq_glyph_size(&rows, &cols, mnist());
    std::vector<Sample> out(count);
    std::vector<mseq_placement> placements(count * stride);
    std::vector<uint32_t> lengths(count);
    for (int pass = 0; pass < (f32 ? 2 : 1); ++pass) {
        mseq_params_set(p, MSEQ_PARAM_FORMAT,
                        pass == 0 ? MSEQ_FORMAT_U8 : MSEQ_FORMAT_F32);
        size_t bytes = 0;
        EXPECT_EQ(mseq_image_size(&bytes, mnist(), p), MSEQ_OK);
        std::vector<float> buf((bytes * count + 3) / 4);
        EXPECT_EQ(
            mseq_generate_batch(buf.data(), buf.size() * 4, placements.data(),
                                placements.size(), lengths.data(), nullptr,
                                mnist(), p, digits, ndigits, first, count),
            MSEQ_OK)
            << mseq_last_error();
        const auto *b = reinterpret_cast<const uint8_t *>(buf.data());
        for (size_t i = 0; i < count; ++i) {
            if (pass == 0) {
                out[i].u8.assign(b + i * bytes, b + (i + 1) * bytes);
                out[i].placements.assign(
                    placements.begin() + static_cast<ptrdiff_t>(i * stride),
                    placements.begin() +
                        static_cast<ptrdiff_t>(i * stride + lengths[i]));
                for (const mseq_placement &pl : out[i].placements) {
                    out[i].text += static_cast<char>('0' + pl.label);
                }
            } else {
                out[i].f32.resize(bytes / 4);
                std::memcpy(out[i].f32.data(), b + i * bytes, bytes);
            }
        }
    }
    mseq_params_free(p);
    return out;
}

std::string stem(uint64_t index) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%09llu",
                  static_cast<unsigned long long>(index));
    return buf;
}

std::string shard_tar(uint64_t shard) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "shard-%06llu.tar",
                  static_cast<unsigned long long>(shard));
    return buf;
}

std::string expected_csv_row(uint64_t index, const Sample &s) {
    std::ostringstream row;
    row << stem(index) << ".png,\"" << s.text << "\"," << s.text.size()
        << ",\"";
    for (size_t j = 0; j < s.placements.size(); ++j) {
        const mseq_placement &p = s.placements[j];
        row << (j ? ";" : "") << p.x_begin << ' ' << p.y_begin << ' ' << p.x_end
            << ' ' << p.y_end;
    }
    row << "\",\"";
    for (size_t j = 0; j < s.placements.size(); ++j) {
        row << (j ? " " : "") << s.placements[j].source_index;
    }
    row << '"';
    return row.str();
}

std::string expected_json(uint64_t index, const Sample &s) {
    std::ostringstream row;
    row << "{\"index\": " << index << ", \"text\": \"" << s.text
        << "\", \"length\": " << s.text.size() << ", \"boxes\": [";
    for (size_t j = 0; j < s.placements.size(); ++j) {
        const mseq_placement &p = s.placements[j];
        row << (j ? ", " : "") << '[' << p.x_begin << ", " << p.y_begin << ", "
            << p.x_end << ", " << p.y_end << ']';
    }
    row << "], \"source_indices\": [";
    for (size_t j = 0; j < s.placements.size(); ++j) {
        row << (j ? ", " : "") << s.placements[j].source_index;
    }
    row << "]}";
    return row.str();
}

FileId file_id(const std::string &path) {
    FileId id;
    struct stat st {};
    if (stat(path.c_str(), &st) == 0) {
        id.inode = st.st_ino;
        id.mtime_ns =
            int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        id.size = st.st_size;
    }
    return id;
}

bool exists(const std::string &path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

namespace {
void walk(const std::string &root, const std::string &rel,
          std::map<std::string, std::string> &out) {
    const std::string dir = rel.empty() ? root : root + "/" + rel;
    for (const std::string &name : ScratchDir::list(dir)) {
        const std::string r = rel.empty() ? name : rel + "/" + name;
        struct stat st {};
        lstat((root + "/" + r).c_str(), &st);
        if (S_ISDIR(st.st_mode)) {
            walk(root, r, out);
        } else {
            out[r] = ScratchDir::read_file(root + "/" + r);
        }
    }
}

uint64_t octal(const char *field, size_t len) {
    uint64_t v = 0;
    for (size_t i = 0; i < len && field[i] >= '0' && field[i] <= '7'; ++i) {
        v = v * 8 + uint64_t(field[i] - '0');
    }
    return v;
}
}  // namespace

std::map<std::string, std::string> snapshot(const std::string &dir) {
    std::map<std::string, std::string> out;
    walk(dir, "", out);
    return out;
}

void expect_verified(const std::string &dir, uint64_t sample) {
    uint64_t problems = 99;
    ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, sample,
                                  nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(problems, 0u);
}

void expect_verified_and_resumed(const std::string &dir, const mseq_params *p,
                                 uint64_t sample, uint64_t count,
                                 mseq_output output) {
    expect_verified(dir, sample);
    const auto before = snapshot(dir);
    ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, count,
                                 output, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(snapshot(dir), before);
}

std::vector<std::pair<std::string, std::string>> read_tar(
    const std::string &path) {
    const std::string a = ScratchDir::read_file(path);
    std::vector<std::pair<std::string, std::string>> members;
    EXPECT_EQ(a.size() % 512, 0u) << path;
    size_t off = 0;
    while (off + 512 <= a.size()) {
        const char *h = a.data() + off;
        if (std::string(h, 512) == std::string(512, '\0')) {
            EXPECT_EQ(a.find_first_not_of('\0', off), std::string::npos)
                << path << ": data after the end blocks";
            EXPECT_GE(a.size() - off, 1024u) << path;
            return members;
        }
        unsigned sum = 0;
        for (size_t i = 0; i < 512; ++i) {
            sum += (i >= 148 && i < 156) ? unsigned(' ')
                                         : static_cast<unsigned char>(h[i]);
        }
        EXPECT_EQ(octal(h + 148, 8), sum) << path << ": header checksum";
        const uint64_t size = octal(h + 124, 12);
        members.emplace_back(std::string(h, strnlen(h, 100)),
                             a.substr(off + 512, size));
        off += 512 + (size + 511) / 512 * 512;
    }
    ADD_FAILURE() << path << ": no end blocks";
    return members;
}

std::vector<std::string> lines(const std::string &path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

NpyInfo read_npy_header(const std::string &bytes) {
    NpyInfo info;
    if (bytes.size() < 10 ||
        bytes.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) != 0) {
        return info;
    }
    const size_t len = static_cast<unsigned char>(bytes[8]) |
                       size_t(static_cast<unsigned char>(bytes[9])) << 8;
    if (bytes.size() < 10 + len) return info;
    const std::string dict = bytes.substr(10, len);
    info.data_offset = 10 + len;
    const size_t d = dict.find("'descr': '");
    const size_t f = dict.find("'fortran_order': ");
    const size_t s = dict.find("'shape': (");
    if (d == std::string::npos || f == std::string::npos ||
        s == std::string::npos) {
        return info;
    }
    info.descr = dict.substr(d + 10, dict.find('\'', d + 10) - d - 10);
    info.fortran_order = dict.compare(f + 17, 4, "True") == 0;
    std::istringstream shape(dict.substr(s + 10, dict.find(')', s) - s - 10));
    for (std::string item; std::getline(shape, item, ',');) {
        if (item.find_first_not_of(' ') != std::string::npos) {
            info.shape.push_back(std::stoull(item));
        }
    }
    info.ok = info.data_offset % 64 == 0 && dict.back() == '\n';
    return info;
}

int run(const std::string &command, std::string *output) {
    FILE *p = popen((command + " 2>&1").c_str(), "r");
    if (p == nullptr) return -1;
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int status = pclose(p);
    if (output != nullptr) *output = out;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int ProgressLog::callback(uint64_t done, uint64_t total, void *user) {
    auto *log = static_cast<ProgressLog *>(user);
    log->calls.emplace_back(done, total);
    return log->cancel_at != 0 && log->calls.size() >= log->cancel_at ? 1 : 0;
}

}  // namespace dataset_test
