// NPY headers and region files (output/npy_writer.hpp).
#include "output/npy_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "error_code.hpp"
#include "scratch_dir.hpp"

namespace {

using mseq_test::error_code_of;
using mseq_test::ScratchDir;

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
    const std::string masks =
        dict_of(mseq::npy_header(mseq::NpyDtype::u16, {2, 28, 9}));
    EXPECT_NE(masks.find("'descr': '<u2'"), std::string::npos) << masks;
    EXPECT_EQ(mseq::npy_dtype_size(mseq::NpyDtype::u16), 2u);
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

}  // namespace
