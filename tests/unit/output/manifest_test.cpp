// manifest.json text and comparison (output/manifest.hpp).
#include "output/manifest.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

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

// png_recipe is recorded only when set, and only for outputs of PNGs: the
// manifest of a job without it is that of 1.0, so that its folders resume.
TEST(Manifest, PngRecipeIsRecordedOnlyWhenSetAndReadBack) {
    mseq::JobSpec off = some_job(), on = some_job();
    on.params.png_recipe = true;
    const std::string m_off = mseq::format_manifest(off, some_files());
    const std::string m_on = mseq::format_manifest(on, some_files());
    EXPECT_EQ(value_of(m_off, "png_recipe"), "");
    EXPECT_EQ(value_of(m_on, "png_recipe"), "true");
    // Right after png_level; everything else as without it.
    const std::string line = "  \"png_recipe\": true,\n";
    const size_t at = m_on.find(line);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(m_on.substr(0, at) + m_on.substr(at + line.size()), m_off);
    EXPECT_LT(m_on.find("\"png_level\""), at);

    std::string split;
    EXPECT_TRUE(mseq::parse_manifest(m_on, split).params.png_recipe);
    EXPECT_FALSE(mseq::parse_manifest(m_off, split).params.png_recipe);
    EXPECT_EQ(
        mseq::format_manifest(mseq::parse_manifest(m_on, split), some_files()),
        m_on);

    // Each way, the difference names png_recipe.
    EXPECT_EQ(mseq::manifest_difference(m_off, m_on),
              "\"png_recipe\" is true here, and not at that place there");
    EXPECT_EQ(mseq::manifest_difference(m_on, m_off),
              "\"png_recipe\" is true there, and not set here");

    // An NPY folder holds no PNG: nothing to record.
    on.output = off.output = mseq::OutputFormat::npy;
    EXPECT_EQ(mseq::format_manifest(on, some_files()),
              mseq::format_manifest(off, some_files()));
}

TEST(Manifest, JsonStringEscapes) {
    EXPECT_EQ(mseq::json_string("a\"b\\c\n\x01"),
              "\"a\\\"b\\\\c\\u000a\\u0001\"");
    EXPECT_EQ(mseq::json_string("plain"), "\"plain\"");
}

}  // namespace

namespace {

// A hand-made split: two 2 x 3 glyphs.
mseq::SourceData tiny_data() {
    mseq::SourceData ds;
    ds.rows = 2;
    ds.cols = 3;
    ds.pixels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    ds.labels = {3, 7};
    ds.images_path = "/x/t10k-images-idx3-ubyte";
    ds.labels_path = "/x/t10k-labels-idx1-ubyte";
    return ds;
}

// An opened split is hashed once: later jobs (and threads) get the same
// description, equal to describe_data's.
TEST(Manifest, DataDescriptionIsDescribeDataComputedOnce) {
    const mseq::SourceData ds = tiny_data();
    const mseq::DataFiles want = mseq::describe_data(ds);
    const mseq::DataDescription description;
    const mseq::DataFiles *seen[4] = {};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] { seen[t] = &description.of(ds); });
    }
    for (std::thread &t : threads) t.join();
    for (const mseq::DataFiles *files : seen) {
        ASSERT_EQ(files, seen[0]);
    }
    EXPECT_EQ(seen[0]->images_sha256, want.images_sha256);
    EXPECT_EQ(seen[0]->labels_sha256, want.labels_sha256);
    EXPECT_EQ(seen[0]->images_name, "t10k-images-idx3-ubyte");
    EXPECT_EQ(seen[0]->split, "test");
    EXPECT_EQ(seen[0]->rows, 2u);
    EXPECT_EQ(seen[0]->cols, 3u);
    EXPECT_EQ(mseq::format_manifest(some_job(), *seen[0]),
              mseq::format_manifest(some_job(), want));
}

}  // namespace
