// Internal units of the dataset writer: ustar archives, NPY headers and
// region files, manifest text and comparison, SHA-256.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "error.hpp"
#include "manifest.hpp"
#include "npy_writer.hpp"
#include "scratch_dir.hpp"
#include "sha256.hpp"
#include "skip_unless_ci.hpp"
#include "tar_writer.hpp"

namespace {

using mseq_test::ScratchDir;

// Runs a shell command and returns its standard output.
std::string run(const std::string &command) {
    std::string out;
    FILE *p = popen(command.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
}

template <class F>
int error_code_of(F &&f) {
    try {
        f();
    } catch (const mseq::Error &e) {
        return e.code();
    }
    return 0;
}

// ---------------------------------------------------------------- SHA-256

TEST(Sha256, KnownVectors) {
    // FIPS 180-2 examples.
    EXPECT_EQ(
        mseq::sha256_hex("abc", 3),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(
        mseq::sha256_hex("", 0),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const std::string two_blocks =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    EXPECT_EQ(
        mseq::sha256_hex(two_blocks.data(), two_blocks.size()),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, PiecesEqualTheWhole) {
    // Pieces that cut the 64-byte blocks anywhere, the empty one included.
    std::string data(3 * 1024 * 1024 + 17, '\0');
    for (size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<char>((i * 131) ^ (i >> 9));
    }
    mseq::Sha256 digest;
    size_t at = 0;
    for (size_t piece : {size_t{0}, size_t{1}, size_t{63}, size_t{64},
                         size_t{1000}, size_t{1} << 20}) {
        digest.update(data.data() + at, piece);
        at += piece;
    }
    digest.update(data.data() + at, data.size() - at);
    EXPECT_EQ(digest.hex(), mseq::sha256_hex(data.data(), data.size()));
    EXPECT_NE(mseq::sha256_hex(data.data(), data.size() - 1),
              mseq::sha256_hex(data.data(), data.size()));
}

// ---------------------------------------------------------------- ustar

// One member as a reader sees it.
struct Member {
    std::string name;
    std::string data;
    unsigned mode = 0;
    char type = 0;
    std::string magic;
};

uint64_t octal(const uint8_t *field, size_t len) {
    uint64_t v = 0;
    for (size_t i = 0; i < len && field[i] >= '0' && field[i] <= '7'; ++i) {
        v = v * 8 + (field[i] - '0');
    }
    return v;
}

// Parses an archive, checking every header checksum and the end blocks.
std::vector<Member> parse_tar(const std::vector<uint8_t> &a) {
    std::vector<Member> members;
    size_t off = 0;
    for (;;) {
        EXPECT_LE(off + 512, a.size()) << "archive ends without end blocks";
        if (off + 512 > a.size()) return members;
        const uint8_t *h = a.data() + off;
        bool zero = true;
        for (size_t i = 0; i < 512; ++i) zero = zero && h[i] == 0;
        if (zero) {
            // Second end block, then only zeros up to the end.
            for (size_t i = off; i < a.size(); ++i) {
                EXPECT_EQ(a[i], 0) << "non-zero byte after the end at " << i;
            }
            EXPECT_GE(a.size() - off, 1024u);
            return members;
        }
        unsigned sum = 0;
        for (size_t i = 0; i < 512; ++i) {
            sum += (i >= 148 && i < 156) ? ' ' : h[i];
        }
        EXPECT_EQ(octal(h + 148, 8), sum)
            << "checksum of member " << members.size();
        Member m;
        m.name.assign(reinterpret_cast<const char *>(h),
                      strnlen(reinterpret_cast<const char *>(h), 100));
        m.mode = static_cast<unsigned>(octal(h + 100, 8));
        m.type = static_cast<char>(h[156]);
        m.magic.assign(reinterpret_cast<const char *>(h + 257), 8);
        const uint64_t size = octal(h + 124, 12);
        m.data.assign(reinterpret_cast<const char *>(h + 512), size);
        members.push_back(m);
        off += 512 + (size + 511) / 512 * 512;
    }
}

TEST(Tar, MembersReadBackWithValidHeaders) {
    std::vector<uint8_t> a;
    const std::string png(700, 'x');  // not a multiple of 512
    const std::string json = "{\"index\": 3}\n";
    const std::string exact(1024, 'y');  // a multiple: no padding
    mseq::tar_append_file(a, "000000003.png", png.data(), png.size());
    mseq::tar_append_file(a, "000000003.json", json.data(), json.size());
    mseq::tar_append_file(a, "exact.bin", exact.data(), exact.size());
    mseq::tar_append_file(a, "empty", "", 0);
    EXPECT_EQ(a.size() % 512, 0u);
    const std::vector<uint8_t> trailer = mseq::tar_trailer(a.size());
    a.insert(a.end(), trailer.begin(), trailer.end());
    EXPECT_EQ(a.size() % mseq::kTarRecord, 0u);

    const std::vector<Member> m = parse_tar(a);
    ASSERT_EQ(m.size(), 4u);
    EXPECT_EQ(m[0].name, "000000003.png");
    EXPECT_EQ(m[0].data, png);
    EXPECT_EQ(m[1].name, "000000003.json");
    EXPECT_EQ(m[1].data, json);
    EXPECT_EQ(m[2].data, exact);
    EXPECT_EQ(m[3].data, "");
    for (const Member &x : m) {
        EXPECT_EQ(x.mode, 0644u);
        EXPECT_EQ(x.type, '0');
        EXPECT_EQ(x.magic, std::string("ustar\0"
                                       "00",
                                       8));
    }
}

TEST(Tar, TrailerClosesAndPadsToRecord) {
    EXPECT_EQ(mseq::tar_trailer(0).size(), mseq::kTarRecord);
    EXPECT_EQ(mseq::tar_trailer(512).size(), mseq::kTarRecord - 512);
    // 19 blocks + 2 end blocks = 21 blocks: next record.
    EXPECT_EQ(mseq::tar_trailer(19 * 512).size(),
              2 * mseq::kTarRecord - 19 * 512);
    EXPECT_EQ(mseq::tar_trailer(18 * 512).size(), 2 * 512u);
}

TEST(Tar, SameInputSameBytes) {
    std::vector<uint8_t> a, b;
    mseq::tar_append_file(a, "a.txt", "hello", 5);
    mseq::tar_append_file(b, "a.txt", "hello", 5);
    EXPECT_EQ(a, b);  // no clock, no user: reproducible
}

TEST(Tar, SystemTarListsAndExtracts) {
    if (run("command -v tar").empty()) MSEQ_SKIP_UNLESS_CI("no tar(1)");
    ScratchDir dir;
    std::vector<uint8_t> a;
    const std::string one = "first member\n", two(2000, 'z');
    mseq::tar_append_file(a, "000000000.json", one.data(), one.size());
    mseq::tar_append_file(a, "000000000.png", two.data(), two.size());
    const std::vector<uint8_t> t = mseq::tar_trailer(a.size());
    a.insert(a.end(), t.begin(), t.end());
    ScratchDir::write_file(dir / "x.tar", std::string(a.begin(), a.end()));
    EXPECT_EQ(run("tar -tf '" + (dir / "x.tar") + "' 2>&1"),
              "000000000.json\n000000000.png\n");
    EXPECT_EQ(run("tar -xOf '" + (dir / "x.tar") + "' 000000000.png 2>&1"),
              two);
}

TEST(Tar, BadNamesAndSizesAreRefused) {
    std::vector<uint8_t> a;
    EXPECT_EQ(error_code_of([&] { mseq::tar_append_file(a, "", "", 0); }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([&] {
                  mseq::tar_append_file(a, std::string(101, 'n'), "", 0);
              }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([&] { mseq::tar_append_file(a, "/abs", "", 0); }),
              MSEQ_EINVAL);
    EXPECT_EQ(error_code_of([&] { mseq::tar_append_file(a, "a\nb", "", 0); }),
              MSEQ_EINVAL);
    EXPECT_TRUE(a.empty()) << "nothing appended on failure";
    // 100 characters is the most ustar's name field holds without a prefix.
    mseq::tar_append_file(a, std::string(100, 'n'), "", 0);
    EXPECT_EQ(parse_tar([&] {
                  auto b = a;
                  auto t = mseq::tar_trailer(b.size());
                  b.insert(b.end(), t.begin(), t.end());
                  return b;
              }())[0]
                  .name,
              std::string(100, 'n'));
}

// ---------------------------------------------------------------- NPY

std::string dict_of(const std::string &header) {
    const size_t len =
        static_cast<unsigned char>(header[8]) |
        (static_cast<size_t>(static_cast<unsigned char>(header[9])) << 8);
    EXPECT_EQ(header.size(), 10 + len);
    return header.substr(10, len);
}

TEST(Npy, HeaderIsNumpyVersion1Aligned) {
    const std::string h = mseq::npy_header(mseq::NpyDtype::u8, {3, 28, 200});
    EXPECT_EQ(h.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    EXPECT_EQ(h.size() % 64, 0u);
    std::string dict = dict_of(h);
    ASSERT_FALSE(dict.empty());
    EXPECT_EQ(dict.back(), '\n');
    // What numpy.lib.format writes, then space padding.
    const std::string want =
        "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 28, 200), }";
    EXPECT_EQ(dict.substr(0, want.size()), want);
    EXPECT_EQ(dict.find_first_not_of(' ', want.size()), dict.size() - 1);
}

TEST(Npy, Float32AndOneDimensionalShapes) {
    const std::string f =
        dict_of(mseq::npy_header(mseq::NpyDtype::f32, {1, 28, 5}));
    EXPECT_NE(f.find("'descr': '<f4'"), std::string::npos) << f;
    EXPECT_NE(f.find("'shape': (1, 28, 5)"), std::string::npos) << f;
    const std::string one = dict_of(mseq::npy_header(mseq::NpyDtype::u8, {7}));
    EXPECT_NE(one.find("'shape': (7,)"), std::string::npos) << one;
    EXPECT_EQ(mseq::npy_dtype_size(mseq::NpyDtype::f32), 4u);
    EXPECT_EQ(mseq::npy_dtype_size(mseq::NpyDtype::u8), 1u);
    EXPECT_EQ(error_code_of([] { mseq::npy_header(mseq::NpyDtype::u8, {}); }),
              MSEQ_EINVAL);
}

TEST(Npy, RegionFileIsPreallocatedAndFilledByRegions) {
    ScratchDir dir;
    const std::string header = mseq::npy_header(mseq::NpyDtype::u8, {4, 1, 3});
    {
        mseq::NpyRegionFile f =
            mseq::NpyRegionFile::create(dir / "a.npy", header, 12);
        f.close();
    }
    std::string content = ScratchDir::read_file(dir / "a.npy");
    ASSERT_EQ(content.size(), header.size() + 12);
    EXPECT_EQ(content.substr(0, header.size()), header);
    EXPECT_EQ(content.substr(header.size()), std::string(12, '\0'));

    // Regions written out of order by separate openings.
    mseq::NpyRegionFile b =
        mseq::NpyRegionFile::open(dir / "a.npy", header.size() + 12);
    b.write_at(header.size() + 9, "jkl", 3);
    b.write_at(header.size() + 0, "abc", 3);
    b.close();
    content = ScratchDir::read_file(dir / "a.npy");
    EXPECT_EQ(content.substr(header.size()),
              std::string("abc\0\0\0\0\0\0jkl", 12));

    // Wrong size or missing: an I/O error naming the file.
    try {
        mseq::NpyRegionFile::open(dir / "a.npy", header.size() + 13);
        FAIL() << "no error";
    } catch (const mseq::Error &e) {
        EXPECT_EQ(e.code(), MSEQ_EIO);
        EXPECT_NE(std::string(e.what()).find("a.npy"), std::string::npos);
    }
    EXPECT_EQ(error_code_of(
                  [&] { mseq::NpyRegionFile::open(dir / "missing.npy", 10); }),
              MSEQ_EIO);
}

// ---------------------------------------------------------------- manifest

mseq::DataFiles some_files() {
    mseq::DataFiles f;
    f.split = "test";
    f.images_name = "t10k-images-idx3-ubyte";
    f.images_sha256 = std::string(64, 'a');
    f.labels_name = "t10k-labels-idx1-ubyte";
    f.labels_sha256 = std::string(64, 'b');
    f.rows = 28;
    f.cols = 28;
    return f;
}

mseq::JobSpec some_job() {
    mseq::JobSpec job;
    job.params.width = 120;
    job.params.seed = 42;
    job.params.max_spacing = 6;
    job.count = 25;
    job.shard_size = 10;
    return job;
}

// The value text of a key, "" when absent.
std::string value_of(const std::string &manifest, const std::string &key) {
    const std::string needle = "\n  \"" + key + "\": ";
    const size_t at = manifest.find(needle);
    if (at == std::string::npos) return "";
    const size_t from = at + needle.size();
    size_t to = manifest.find('\n', from);
    if (manifest[to - 1] == ',') --to;
    return manifest.substr(from, to - from);
}

TEST(Manifest, RecordsTheJobOneKeyPerLine) {
    const std::string m = mseq::format_manifest(some_job(), some_files());
    EXPECT_EQ(m.substr(0, 2), "{\n");
    EXPECT_EQ(m.substr(m.size() - 2), "}\n");
    EXPECT_EQ(value_of(m, "library_version"), "\"" MSEQ_VERSION_STRING "\"");
    EXPECT_EQ(value_of(m, "output"), "\"png\"");
    EXPECT_EQ(value_of(m, "count"), "25");
    EXPECT_EQ(value_of(m, "shard_size"), "10");
    EXPECT_EQ(value_of(m, "shards"), "3");
    EXPECT_EQ(value_of(m, "seed"), "42");
    EXPECT_EQ(value_of(m, "split"), "\"test\"");
    EXPECT_EQ(value_of(m, "images_sha256"), "\"" + std::string(64, 'a') + "\"");
    EXPECT_EQ(value_of(m, "labels_sha256"), "\"" + std::string(64, 'b') + "\"");
    EXPECT_EQ(value_of(m, "width"), "120");
    EXPECT_EQ(value_of(m, "max_spacing"), "6");
    EXPECT_EQ(value_of(m, "fit"), "\"pad\"");
    EXPECT_EQ(value_of(m, "align"), "\"center\"");
    EXPECT_EQ(value_of(m, "invert"), "false");
    EXPECT_EQ(value_of(m, "sequence"), "null");
    EXPECT_EQ(value_of(m, "max_length"), "5");
    EXPECT_EQ(value_of(m, "pixel_format"), "\"uint8\"");
    EXPECT_EQ(value_of(m, "png_level"), "-1");
    EXPECT_EQ(value_of(m, "threads"), "") << "threads never change the bytes";
    // Every line but the braces is one "key": value entry.
    size_t entries = 0, pos = 2;
    while (pos < m.size() - 2) {
        const size_t end = m.find('\n', pos);
        const std::string line = m.substr(pos, end - pos);
        EXPECT_EQ(line.substr(0, 3), "  \"") << line;
        EXPECT_NE(line.find("\": "), std::string::npos) << line;
        ++entries;
        pos = end + 1;
    }
    EXPECT_GE(entries, 25u);
}

TEST(Manifest, GivenSequenceKeepsLeadingZerosAndNullsLengthKeys) {
    mseq::JobSpec job = some_job();
    job.digits = {0, 0, 7};
    job.output = mseq::OutputFormat::npy;
    job.params.format = MSEQ_FORMAT_F32;
    const std::string m = mseq::format_manifest(job, some_files());
    EXPECT_EQ(value_of(m, "sequence"), "\"007\"");
    EXPECT_EQ(value_of(m, "min_length"), "null");
    EXPECT_EQ(value_of(m, "unique"), "null");
    EXPECT_EQ(value_of(m, "output"), "\"npy\"");
    EXPECT_EQ(value_of(m, "pixel_format"), "\"float32\"");
    EXPECT_EQ(value_of(m, "png_level"), "null");
}

TEST(Manifest, DeterministicAndBlindToThreads) {
    mseq::JobSpec a = some_job(), b = some_job();
    b.params.threads = 7;
    EXPECT_EQ(mseq::format_manifest(a, some_files()),
              mseq::format_manifest(b, some_files()));
}

TEST(Manifest, DifferenceNamesTheFirstDifferingKey) {
    mseq::JobSpec a = some_job(), b = some_job();
    b.params.seed = 43;
    const std::string ma = mseq::format_manifest(a, some_files());
    const std::string mb = mseq::format_manifest(b, some_files());
    EXPECT_EQ(mseq::manifest_difference(ma, ma), "");
    EXPECT_EQ(mseq::manifest_difference(ma, mb),
              "\"seed\" is 42 there, 43 here");

    mseq::DataFiles other = some_files();
    other.images_sha256 = std::string(64, 'c');
    EXPECT_EQ(mseq::manifest_difference(ma, mseq::format_manifest(a, other)),
              "\"images_sha256\" is \"" + std::string(64, 'a') +
                  "\" there, \"" + std::string(64, 'c') + "\" here");
    EXPECT_EQ(mseq::manifest_difference("{\"x\": 1}", ma),
              "it is not a mnistseq manifest");
    EXPECT_EQ(mseq::manifest_difference("", ma),
              "it is not a mnistseq manifest");
}

TEST(Manifest, JsonStringEscapes) {
    EXPECT_EQ(mseq::json_string("a\"b\\c\n\x01"),
              "\"a\\\"b\\\\c\\u000a\\u0001\"");
    EXPECT_EQ(mseq::json_string("plain"), "\"plain\"");
}

}  // namespace
