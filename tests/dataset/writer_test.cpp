// Datasets of one hand per image (MSEQ_WRITER_SAME): the labels end with
// the writer, the manifest records the writers' file by name and hash,
// verify reads it from the data folder, and the job is refused, with the
// folder untouched, on data without it. Needs QMNIST's extended labels
// (MNISTSEQ_QMNIST_DIR; skipped without it, failed under CI=true).
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "dataset_support.hpp"
#include "skip_unless_ci.hpp"

namespace dataset_test {
namespace {

constexpr uint64_t kCount = 24;

// A data folder of MNIST's test split and its QMNIST file, as symbolic
// links in tmp; "" (after skipping) without the QMNIST folder.
std::string data_with_writers(const ScratchDir &tmp) {
    const char *qmnist = std::getenv("MNISTSEQ_QMNIST_DIR");
    const char *data = std::getenv("MNISTSEQ_DATA");
    if (qmnist == nullptr || data == nullptr) return "";
    const std::string dir = tmp / "data";
    std::filesystem::create_directory(dir);
    for (const char *name :
         {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
        std::filesystem::create_symlink(std::string(data) + "/" + name,
                                        dir + "/" + name);
    }
    std::filesystem::create_symlink(
        std::string(qmnist) + "/qmnist-test-labels-idx2-int.gz",
        dir + "/qmnist-test-labels-idx2-int.gz");
    return dir;
}

std::string last_field(const std::string &row, char sep) {
    return row.substr(row.rfind(sep) + 1);
}

TEST(WriterSame, LabelsEndWithTheWriterAndTheManifestHashesItsFile) {
    ScratchDir tmp;
    const std::string data = data_with_writers(tmp);
    if (data.empty()) {
        MSEQ_SKIP_UNLESS_CI("MNISTSEQ_QMNIST_DIR or MNISTSEQ_DATA not set");
    }
    mseq_dataset *ds = nullptr;
    ASSERT_EQ(mseq_open(&ds, data.c_str(), MSEQ_SPLIT_TEST), MSEQ_OK)
        << mseq_last_error();
    Params p;
    p.set(MSEQ_PARAM_WRITER, MSEQ_WRITER_SAME).set(MSEQ_PARAM_MAX_LENGTH, 6);
    for (mseq_output output : {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_NPY}) {
        const bool png = output == MSEQ_OUTPUT_PNG;
        SCOPED_TRACE(png ? "png" : "npy");
        const std::string dir = tmp / (png ? "png" : "npy");
        ASSERT_EQ(mseq_write_dataset(dir.c_str(), ds, p, nullptr, 0, kCount,
                                     output, 0, nullptr, nullptr),
                  MSEQ_OK)
            << mseq_last_error();
        const std::vector<std::string> rows =
            lines(dir + (png ? "/labels.csv" : "/labels.jsonl"));
        ASSERT_EQ(rows.size(), kCount + (png ? 1 : 0));
        if (png) {
            EXPECT_EQ(rows[0], "file,text,length,boxes,source_indices,writer");
        }
        size_t bytes = 0;
        ASSERT_EQ(mseq_image_size(&bytes, ds, p), MSEQ_OK);
        std::vector<uint8_t> pixels(bytes * kCount);
        std::vector<mseq_placement> placements(kCount * 6);
        std::vector<uint32_t> lengths(kCount);
        ASSERT_EQ(
            mseq_generate_batch(pixels.data(), pixels.size(), placements.data(),
                                placements.size(), lengths.data(), nullptr, ds,
                                p, nullptr, 0, 0, kCount),
            MSEQ_OK)
            << mseq_last_error();
        std::set<uint64_t> hands;
        for (uint64_t i = 0; i < kCount; ++i) {
            uint64_t hand = 0;
            for (size_t j = 0; j < lengths[i]; ++j) {
                uint64_t w = 0;
                ASSERT_EQ(mseq_glyph_writer(&w, ds,
                                            placements[i * 6 + j].source_index),
                          MSEQ_OK);
                if (j == 0) hand = w;
                EXPECT_EQ(w, hand) << "image " << i << " digit " << j;
            }
            hands.insert(hand);
            const std::string &row = rows[i + (png ? 1 : 0)];
            if (png) {
                EXPECT_EQ(last_field(row, ','), std::to_string(hand)) << row;
            } else {
                EXPECT_EQ(last_field(row, ' '), std::to_string(hand) + "}")
                    << row;
            }
        }
        EXPECT_GT(hands.size(), kCount / 2);

        // The manifest names the file and its content's SHA-256, computed
        // here by other means.
        std::string sha;
        ASSERT_EQ(run("zcat '" + data +
                          "/qmnist-test-labels-idx2-int.gz' | sha256sum",
                      &sha),
                  0);
        sha = sha.substr(0, 64);
        const std::vector<std::string> manifest = lines(dir + "/manifest.json");
        auto has = [&](const std::string &line) {
            for (const std::string &l : manifest) {
                if (l.find(line) != std::string::npos) return true;
            }
            return false;
        };
        EXPECT_TRUE(has("\"writer\": \"same\""));
        EXPECT_TRUE(
            has("\"writers_file\": \"qmnist-test-labels-idx2-int.gz\""));
        EXPECT_TRUE(has("\"writers_sha256\": \"" + sha + "\""));

        uint64_t problems = 99;
        ASSERT_EQ(mseq_verify_dataset(&problems, dir.c_str(), data.c_str(),
                                      kCount, nullptr, nullptr),
                  MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(problems, 0u);

        // The same job on MNIST alone is refused, and nothing changes.
        const auto before = snapshot(dir);
        EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0,
                                     kCount, output, 0, nullptr, nullptr),
                  MSEQ_EINVAL);
        EXPECT_NE(std::string(mseq_last_error()).find("writer same"),
                  std::string::npos)
            << mseq_last_error();
        EXPECT_EQ(snapshot(dir), before);
    }
    mseq_free(ds);
}

}  // namespace
}  // namespace dataset_test
