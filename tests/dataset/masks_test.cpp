// MSEQ_PARAM_MASKS: every output format writes each image's instance mask
// (mask PNGs, tar members, masks.npy) and ink boxes in its labels, equal to
// what mseq_generate_annotated() gives; verification checks the masks;
// a folder written without masks does not resume with them (and the
// reverse); without masks the files are those of 1.0.
#include <cstring>
#include <set>

#include "dataset_support.hpp"

namespace dataset_test {
namespace {

constexpr uint64_t kCount = 13;  // shards of 10 and 3
constexpr size_t kMaxLength = 4;
constexpr size_t kPixels = 28 * 120;

void masked(Params &p, bool masks = true) {
    p.set(MSEQ_PARAM_MAX_LENGTH, int64_t(kMaxLength))
        .set(MSEQ_PARAM_MIN_SPACING, -5)
        .set(MSEQ_PARAM_PRESET, MSEQ_PRESET_MEDIUM)
        .set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8)
        .set(MSEQ_PARAM_MASKS, masks ? 1 : 0);
}

// Image i with its exact labels, from mseq_generate_annotated().
struct Annotated {
    std::vector<uint8_t> image;
    std::vector<uint16_t> mask;
    std::vector<mseq_ink_box> boxes;
    std::vector<mseq_placement> placements;
};

Annotated annotated(const mseq_params *p, uint64_t index) {
    // The sample's digits: those the batch draws.
    std::vector<int> digits(kMaxLength);
    size_t length = 0;
    EXPECT_EQ(
        mseq_random_sequence(digits.data(), digits.size(), &length, p, index),
        MSEQ_OK);
    Annotated a;
    a.image.resize(kPixels);
    a.mask.resize(kPixels);
    a.boxes.resize(length);
    a.placements.resize(length);
    EXPECT_EQ(mseq_generate_annotated(
                  a.image.data(), a.image.size(), a.mask.data(), a.mask.size(),
                  a.boxes.data(), a.placements.data(), nullptr, mnist(), p,
                  digits.data(), length, index),
              MSEQ_OK)
        << mseq_last_error();
    return a;
}

std::string csv_ink(const Annotated &a) {
    std::string s;
    for (size_t j = 0; j < a.boxes.size(); ++j) {
        const mseq_ink_box &b = a.boxes[j];
        if (j) s += ';';
        s += std::to_string(b.x_begin) + " " + std::to_string(b.y_begin) + " " +
             std::to_string(b.x_end) + " " + std::to_string(b.y_end);
    }
    return s;
}

std::string json_ink(const Annotated &a) {
    std::string s = "\"ink_boxes\": [";
    for (size_t j = 0; j < a.boxes.size(); ++j) {
        const mseq_ink_box &b = a.boxes[j];
        s += j ? ", [" : "[";
        s += std::to_string(b.x_begin) + ", " + std::to_string(b.y_begin) +
             ", " + std::to_string(b.x_end) + ", " + std::to_string(b.y_end) +
             "]";
    }
    return s + "]}";
}

// The mask as the 8-bit PNG's pixels.
std::vector<uint8_t> narrow(const std::vector<uint16_t> &mask) {
    return std::vector<uint8_t>(mask.begin(), mask.end());
}

bool ends_with(const std::string &s, const std::string &tail) {
    return s.size() >= tail.size() &&
           s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int write(const std::string &dir, const Params &p, mseq_output output) {
    const int rc = mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0,
                                      kCount, output, 0, nullptr, nullptr);
    EXPECT_EQ(rc, MSEQ_OK) << mseq_last_error();
    return rc;
}

TEST(Masks, PngMaskFilesAndInkBoxColumn) {
    ScratchDir tmp;
    Params p;
    masked(p);
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write(dir, p, MSEQ_OUTPUT_PNG), MSEQ_OK);
    const std::vector<std::string> csv = lines(dir + "/labels.csv");
    ASSERT_EQ(csv.size(), kCount + 1);
    EXPECT_EQ(csv[0], "file,text,length,boxes,source_indices,ink_boxes");
    size_t ink = 0;
    for (uint64_t i = 0; i < kCount; ++i) {
        const Annotated a = annotated(p, i);
        const mseq_test::DecodedPng image =
            mseq_test::decode_png_file(dir + "/" + stem(i) + ".png");
        ASSERT_TRUE(image.ok) << image.error;
        EXPECT_EQ(image.pixels, a.image) << "image " << i;
        const mseq_test::DecodedPng mask =
            mseq_test::decode_png_file(dir + "/" + stem(i) + ".mask.png");
        ASSERT_TRUE(mask.ok) << mask.error;
        EXPECT_EQ(mask.bit_depth, 8);
        EXPECT_EQ(mask.rows, 28u);
        EXPECT_EQ(mask.cols, 120u);
        EXPECT_EQ(mask.pixels, narrow(a.mask)) << "mask " << i;
        for (uint16_t v : a.mask) ink += v != 0;
        EXPECT_TRUE(ends_with(csv[i + 1], ",\"" + csv_ink(a) + "\""))
            << csv[i + 1];
    }
    EXPECT_GT(ink, kCount * 40);
    uint64_t problems = 99;
    ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                  nullptr, nullptr),
              MSEQ_OK);
    EXPECT_EQ(problems, 0u);
    // A changed mask file is caught: image 3's mask replaced by image 4's.
    const std::vector<uint8_t> other =
        mseq_test::read_bytes(dir + "/" + stem(4) + ".mask.png");
    FILE *f = std::fopen((dir + "/" + stem(3) + ".mask.png").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(other.data(), 1, other.size(), f);
    std::fclose(f);
    std::vector<std::string> found;
    ASSERT_EQ(mseq_verify_dataset(
                  &problems, dir.c_str(), nullptr, kCount,
                  [](const char *problem, void *user) {
                      static_cast<std::vector<std::string> *>(user)->push_back(
                          problem);
                      return 0;
                  },
                  &found),
              MSEQ_OK);
    EXPECT_EQ(problems, 1u);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].find(stem(3) + ".mask.png"), std::string::npos)
        << found[0];
}

TEST(Masks, TarMembersBesideTheImages) {
    ScratchDir tmp;
    Params p;
    masked(p);
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write(dir, p, MSEQ_OUTPUT_TAR), MSEQ_OK);
    uint64_t index = 0;
    for (uint64_t shard = 0; shard < 2; ++shard) {
        const auto members = read_tar(dir + "/" + shard_tar(shard));
        ASSERT_EQ(members.size() % 3, 0u);
        for (size_t m = 0; m < members.size(); m += 3, ++index) {
            const Annotated a = annotated(p, index);
            EXPECT_EQ(members[m].first, stem(index) + ".png");
            EXPECT_EQ(members[m + 1].first, stem(index) + ".mask.png");
            EXPECT_EQ(members[m + 2].first, stem(index) + ".json");
            const std::string &bytes = members[m + 1].second;
            const mseq_test::DecodedPng mask = mseq_test::decode_png(
                std::vector<uint8_t>(bytes.begin(), bytes.end()));
            ASSERT_TRUE(mask.ok) << mask.error;
            EXPECT_EQ(mask.pixels, narrow(a.mask)) << "mask " << index;
            EXPECT_TRUE(ends_with(members[m + 2].second, json_ink(a) + "\n"))
                << members[m + 2].second;
        }
    }
    EXPECT_EQ(index, kCount);
    uint64_t problems = 99;
    ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                  nullptr, nullptr),
              MSEQ_OK);
    EXPECT_EQ(problems, 0u);
}

TEST(Masks, NpyMasksArray) {
    ScratchDir tmp;
    Params p;
    masked(p);
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write(dir, p, MSEQ_OUTPUT_NPY), MSEQ_OK);
    const std::vector<uint8_t> raw = mseq_test::read_bytes(dir + "/masks.npy");
    const std::string bytes(raw.begin(), raw.end());
    const NpyInfo info = read_npy_header(bytes);
    ASSERT_TRUE(info.ok);
    EXPECT_EQ(info.descr, "<u2");
    EXPECT_EQ(info.shape, (std::vector<uint64_t>{kCount, 28, 120}));
    ASSERT_EQ(bytes.size(), info.data_offset + kCount * kPixels * 2);
    const std::vector<std::string> jsonl = lines(dir + "/labels.jsonl");
    ASSERT_EQ(jsonl.size(), kCount);
    for (uint64_t i = 0; i < kCount; ++i) {
        const Annotated a = annotated(p, i);
        std::vector<uint16_t> mask(kPixels);
        std::memcpy(mask.data(),
                    bytes.data() + info.data_offset + i * kPixels * 2,
                    kPixels * 2);
        EXPECT_EQ(mask, a.mask) << "mask " << i;
        EXPECT_TRUE(ends_with(jsonl[i], json_ink(a))) << jsonl[i];
    }
    uint64_t problems = 99;
    ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                  nullptr, nullptr),
              MSEQ_OK);
    EXPECT_EQ(problems, 0u);
    // One changed mask value is caught.
    FILE *f = std::fopen((dir + "/masks.npy").c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    std::fseek(f, long(info.data_offset + 5 * kPixels * 2 + 2 * 60), SEEK_SET);
    const uint16_t seven = 7;
    std::fwrite(&seven, 2, 1, f);
    std::fclose(f);
    ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), nullptr, kCount,
                                  nullptr, nullptr),
              MSEQ_OK);
    EXPECT_EQ(problems, 1u);
}

TEST(Masks, ResumeWithTheOtherValueIsRefused) {
    ScratchDir tmp;
    for (const bool first : {false, true}) {
        Params a, b;
        masked(a, first);
        masked(b, !first);
        const std::string dir = tmp / (first ? "on" : "off");
        ASSERT_EQ(write(dir, a, MSEQ_OUTPUT_PNG), MSEQ_OK);
        const std::map<std::string, std::string> before = snapshot(dir);
        EXPECT_EQ(
            mseq_write_dataset(dir.c_str(), mnist(), b, nullptr, 0, kCount,
                               MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
            MSEQ_EEXIST);
        EXPECT_NE(std::string(mseq_last_error()).find("\"masks\""),
                  std::string::npos)
            << mseq_last_error();
        EXPECT_EQ(snapshot(dir), before) << "nothing touched";
    }
}

TEST(Masks, OffWritesNoMaskAndForceRemovesOnlyOurFiles) {
    ScratchDir tmp;
    Params on, off;
    masked(on);
    masked(off, false);
    const std::string dir = tmp / "ds";
    ASSERT_EQ(write(dir, on, MSEQ_OUTPUT_PNG), MSEQ_OK);
    // A user's files with names near ours stay.
    for (const char *name :
         {"000000001.mask.png.bak", "00000001.mask.png", "masks.npy.old"}) {
        FILE *f = std::fopen((dir + "/" + name).c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fclose(f);
    }
    ASSERT_EQ(
        mseq_write_dataset(dir.c_str(), mnist(), off, nullptr, 0, kCount,
                           MSEQ_OUTPUT_PNG, MSEQ_WRITE_FORCE, nullptr, nullptr),
        MSEQ_OK)
        << mseq_last_error();
    std::set<std::string> want = {"manifest.json", "labels.csv",
                                  "000000001.mask.png.bak", "00000001.mask.png",
                                  "masks.npy.old"};
    for (uint64_t i = 0; i < kCount; ++i) want.insert(stem(i) + ".png");
    const std::vector<std::string> have = ScratchDir::list(dir);
    EXPECT_EQ(std::set<std::string>(have.begin(), have.end()), want);
    EXPECT_EQ(lines(dir + "/labels.csv")[0],
              "file,text,length,boxes,source_indices");
    std::string manifest;
    for (const std::string &line : lines(dir + "/manifest.json")) {
        manifest += line + "\n";
    }
    EXPECT_EQ(manifest.find("masks"), std::string::npos);
}

TEST(Masks, BadValueNamesTheKey) {
    Params p;
    EXPECT_EQ(mseq_params_set(p, MSEQ_PARAM_MASKS, 2), MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("MSEQ_PARAM_MASKS"),
              std::string::npos)
        << mseq_last_error();
}

}  // namespace
}  // namespace dataset_test
