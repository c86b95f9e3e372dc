// ustar archives (output/tar_writer.hpp), read back by a parser and by tar(1).
#include "output/tar_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "error_code.hpp"
#include "scratch_dir.hpp"
#include "skip_unless_ci.hpp"

namespace {

using mseq_test::error_code_of;
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

}  // namespace
