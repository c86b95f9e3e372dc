// Datasets of template texts (mseq_params_set_template): each image is
// mseq_generate_text()'s image of the template's text for its index, the
// labels carry the text with its separators and a last "digits" column or
// field, the manifest records the template, a unique job gives every text
// once up to the space, verify and resume work, and what cannot be done is
// refused before anything is written.
#include <set>
#include <string>
#include <vector>

#include "dataset_support.hpp"
#include "png_read.hpp"

namespace dataset_test {
namespace {

// Owns a template, which must parse.
struct Template {
    explicit Template(const char *text) {
        EXPECT_EQ(mseq_template_new(&t, text), MSEQ_OK) << mseq_last_error();
    }
    ~Template() { mseq_template_free(t); }
    mseq_template *t = nullptr;
};

std::string text_of(const Template &t, const mseq_params *p, uint64_t i) {
    char out[64];
    EXPECT_EQ(mseq_template_text(out, sizeof out, nullptr, t.t, p, i), MSEQ_OK);
    return out;
}

std::string digits_of(const std::string &text) {
    std::string d;
    for (char c : text) {
        if (c >= '0' && c <= '9') d += c;
    }
    return d;
}

TEST(TemplateDataset, ImagesAndLabelsAreTheTexts) {
    ScratchDir tmp;
    const Template t("(0#) #-{time HH:MM}");
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 300).set(MSEQ_PARAM_FORMAT, MSEQ_FORMAT_U8);
    ASSERT_EQ(mseq_params_set_template(p, t.t), MSEQ_OK);
    const uint64_t count = 12;
    for (mseq_output output : {MSEQ_OUTPUT_PNG, MSEQ_OUTPUT_NPY}) {
        const bool png = output == MSEQ_OUTPUT_PNG;
        SCOPED_TRACE(png ? "png" : "npy");
        const std::string dir = tmp / (png ? "png" : "npy");
        ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, count,
                                     output, 0, nullptr, nullptr),
                  MSEQ_OK)
            << mseq_last_error();
        const std::string manifest =
            ScratchDir::read_file(dir + "/manifest.json");
        EXPECT_NE(manifest.find("\"template\": \"(0#) #-{time HH:MM}\""),
                  std::string::npos)
            << manifest;
        const std::vector<std::string> rows =
            lines(dir + (png ? "/labels.csv" : "/labels.jsonl"));
        ASSERT_EQ(rows.size(), count + (png ? 1 : 0));
        if (png) {
            EXPECT_EQ(rows[0], "file,text,length,boxes,source_indices,digits");
        }
        for (uint64_t i = 0; i < count; ++i) {
            const std::string text = text_of(t, p, i);
            const std::string &row = rows[i + (png ? 1 : 0)];
            if (png) {
                const std::string head = stem(i) + ".png,\"" + text + "\",";
                EXPECT_EQ(row.substr(0, head.size()), head) << row;
                EXPECT_TRUE(row.size() > digits_of(text).size() + 3 &&
                            row.substr(row.size() - digits_of(text).size() -
                                       3) == ",\"" + digits_of(text) + "\"")
                    << row;
                // The image is mseq_generate_text()'s.
                std::vector<uint8_t> want(28 * 300);
                ASSERT_EQ(mseq_generate_text(want.data(), want.size(), nullptr,
                                             0, nullptr, nullptr, nullptr,
                                             mnist(), p, text.c_str(), i),
                          MSEQ_OK);
                const mseq_test::DecodedPng img =
                    mseq_test::decode_png_file(dir + "/" + stem(i) + ".png");
                ASSERT_TRUE(img.ok) << img.error;
                EXPECT_EQ(img.pixels, want) << "image " << i << " " << text;
            } else {
                EXPECT_NE(row.find("\"text\": \"" + text + "\""),
                          std::string::npos)
                    << row;
                EXPECT_NE(row.find("\"digits\": \"" + digits_of(text) + "\"}"),
                          std::string::npos)
                    << row;
            }
        }
        // Verify finds it exact; the same job again has nothing to do.
        expect_verified_and_resumed(dir, p, count, count, output);
    }
    // Another template is another job: refused over the folder.
    const Template other("(0#) #-{time HH.MM}");
    ASSERT_EQ(mseq_params_set_template(p, other.t), MSEQ_OK);
    EXPECT_EQ(mseq_write_dataset((tmp / "png").c_str(), mnist(), p, nullptr, 0,
                                 count, MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EEXIST)
        << mseq_last_error();
}

TEST(TemplateDataset, UniqueGivesEveryTextOnce) {
    ScratchDir tmp;
    const Template t("%-#");
    Params p;
    p.set(MSEQ_PARAM_UNIQUE, 1).set(MSEQ_PARAM_SHARD_SIZE, 50);
    ASSERT_EQ(mseq_params_set_template(p, t.t), MSEQ_OK);
    const std::string dir = tmp / "all";
    ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 90,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    std::set<std::string> texts;
    const std::vector<std::string> rows = lines(dir + "/labels.csv");
    for (size_t i = 1; i < rows.size(); ++i) {
        texts.insert(rows[i].substr(rows[i].find(",\"") + 2, 3));
    }
    EXPECT_EQ(texts.size(), 90u);
    // One more than the space: refused, nothing written.
    const std::string more = tmp / "more";
    EXPECT_EQ(mseq_write_dataset(more.c_str(), mnist(), p, nullptr, 0, 91,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_ERANGE);
    EXPECT_NE(std::string(mseq_last_error()).find("only 90 distinct texts"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_FALSE(exists(more));
}

// With MSEQ_PARAM_PNG_RECIPE each PNG carries the recipe of its text,
// which names the template: mseq_image_recipe()'s for that index.
TEST(TemplateDataset, PngRecipesNameTheTemplate) {
    ScratchDir tmp;
    const Template t("+44 %### ######");
    Params p;
    p.set(MSEQ_PARAM_WIDTH, 420).set(MSEQ_PARAM_PNG_RECIPE, 1);
    ASSERT_EQ(mseq_params_set_template(p, t.t), MSEQ_OK);
    const std::string dir = tmp / "r";
    ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 4,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_OK)
        << mseq_last_error();
    for (uint64_t i = 0; i < 4; ++i) {
        const std::string png = dir + "/" + stem(i) + ".png";
        size_t size = 0;
        ASSERT_EQ(
            mseq_read_png_text(&size, nullptr, 0, png.c_str(), MSEQ_RECIPE_KEY),
            MSEQ_EBUFSIZE);
        std::string got(size, '\0');
        ASSERT_EQ(mseq_read_png_text(&size, got.data(), size, png.c_str(),
                                     MSEQ_RECIPE_KEY),
                  MSEQ_OK);
        std::string want(size, '\0');
        ASSERT_EQ(mseq_image_recipe(&size, want.data(), want.size(), mnist(), p,
                                    nullptr, 0, i),
                  MSEQ_OK)
            << mseq_last_error();
        EXPECT_EQ(got, want);
        EXPECT_EQ(got.rfind("--template '+44 %### ######' 0 6 420 --seed 7 "
                            "--index " +
                                std::to_string(i),
                            0),
                  0u)
            << got;
    }
}

TEST(TemplateDataset, RefusedBeforeWriting) {
    ScratchDir tmp;
    const Template t("##-##");
    Params p;
    ASSERT_EQ(mseq_params_set_template(p, t.t), MSEQ_OK);
    const std::string dir = tmp / "x";
    const int digits[] = {1, 2};
    EXPECT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, digits, 2, 5,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_EINVAL);
    EXPECT_NE(std::string(mseq_last_error()).find("with a template"),
              std::string::npos)
        << mseq_last_error();
    EXPECT_FALSE(exists(dir));
    // Clearing the template gives digit sequences again.
    ASSERT_EQ(mseq_params_set_template(p, nullptr), MSEQ_OK);
    ASSERT_EQ(mseq_write_dataset(dir.c_str(), mnist(), p, nullptr, 0, 3,
                                 MSEQ_OUTPUT_PNG, 0, nullptr, nullptr),
              MSEQ_OK);
    EXPECT_EQ(lines(dir + "/labels.csv")[0],
              "file,text,length,boxes,source_indices");
}

}  // namespace
}  // namespace dataset_test
