// The texts of a PNG's recipe through the public header
// (mseq_image_recipe, mseq_dataset_recipe): the size query, what the texts
// say, and every documented error.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

using capi_test::expect_error;

class Recipe : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(mseq_open(&ds_, nullptr, MSEQ_SPLIT_TEST), MSEQ_OK)
            << mseq_last_error();
        params_.set(MSEQ_PARAM_WIDTH, 150)
            .set(MSEQ_PARAM_MIN_SPACING, -2)
            .set(MSEQ_PARAM_MAX_SPACING, 6)
            .set(MSEQ_PARAM_SEED, -1)
            .set(MSEQ_PARAM_ALIGN, MSEQ_ALIGN_RIGHT);
    }
    void TearDown() override { mseq_free(ds_); }

    mseq_dataset *ds_ = nullptr;
    capi_test::Params params_;
    const int digits_[3] = {9, 0, 1};
};

TEST_F(Recipe, ImageRecipeAfterASizeQuery) {
    size_t size = 0;
    ASSERT_EQ(
        mseq_image_recipe(&size, nullptr, 0, ds_, params_, digits_, 3, 12),
        MSEQ_EBUFSIZE);
    const std::string want =
        "901 -2 6 150 --seed 18446744073709551615 --index 12 --split test "
        "--align right";
    EXPECT_EQ(size, want.size() + 1);
    std::vector<char> out(size, 'x');
    // One byte short: refused, nothing written.
    expect_error(
        [&] {
            return mseq_image_recipe(&size, out.data(), size - 1, ds_, params_,
                                     digits_, 3, 12);
        },
        MSEQ_EBUFSIZE, {"mseq_image_recipe", "needs"});
    EXPECT_EQ(out[0], 'x');
    ASSERT_EQ(mseq_image_recipe(&size, out.data(), out.size(), ds_, params_,
                                digits_, 3, 12),
              MSEQ_OK)
        << mseq_last_error();
    EXPECT_EQ(std::string(out.data()), want);
}

TEST_F(Recipe, DatasetRecipeNamesTheFilesAndTheirDigests) {
    size_t size = 0;
    ASSERT_EQ(mseq_dataset_recipe(&size, nullptr, 0, ds_), MSEQ_EBUFSIZE);
    std::vector<char> out(size);
    ASSERT_EQ(mseq_dataset_recipe(&size, out.data(), out.size(), ds_), MSEQ_OK);
    char images_hex[65], labels_hex[65];
    ASSERT_EQ(mseq_dataset_sha256(images_hex, labels_hex, ds_), MSEQ_OK);
    EXPECT_EQ(std::string(out.data()),
              std::string("t10k-images-idx3-ubyte "
                          "sha256:") +
                  images_hex + " t10k-labels-idx1-ubyte sha256:" + labels_hex);
    expect_error([&] { return mseq_dataset_recipe(nullptr, nullptr, 0, ds_); },
                 MSEQ_EINVAL, {"size is NULL"});
    expect_error(
        [&] { return mseq_dataset_recipe(&size, nullptr, 0, nullptr); },
        MSEQ_EINVAL, {"ds is NULL"});
}

TEST_F(Recipe, BadCallsAreRefusedAndLeaveTheSizeAlone) {
    size_t size = 777;
    const int bad[] = {1, -1};
    const std::vector<int> long_digits(MSEQ_MAX_DIGITS + 1, 4);
    capi_test::Params unset;
    struct Case {
        int code;
        std::vector<std::string> says;
        int rc;
    };
    const Case cases[] = {
        {MSEQ_EINVAL,
         {"size is NULL"},
         mseq_image_recipe(nullptr, nullptr, 0, ds_, params_, digits_, 3, 0)},
        {MSEQ_EINVAL,
         {"ds is NULL"},
         mseq_image_recipe(&size, nullptr, 0, nullptr, params_, digits_, 3, 0)},
        {MSEQ_EINVAL,
         {"params is NULL"},
         mseq_image_recipe(&size, nullptr, 0, ds_, nullptr, digits_, 3, 0)},
        {MSEQ_EINVAL,
         {"digits is NULL"},
         mseq_image_recipe(&size, nullptr, 0, ds_, params_, nullptr, 3, 0)},
        {MSEQ_EINVAL,
         {"digits"},
         mseq_image_recipe(&size, nullptr, 0, ds_, params_, digits_, 0, 0)},
        {MSEQ_EINVAL,
         {"position 1", "-1"},
         mseq_image_recipe(&size, nullptr, 0, ds_, params_, bad, 2, 0)},
        {MSEQ_ERANGE,
         {"MSEQ_MAX_DIGITS"},
         mseq_image_recipe(&size, nullptr, 0, ds_, params_, long_digits.data(),
                           long_digits.size(), 0)},
        {MSEQ_EINVAL,
         {"MSEQ_PARAM_WIDTH"},
         mseq_image_recipe(&size, nullptr, 0, ds_, unset, digits_, 3, 0)},
    };
    for (const Case &c : cases) {
        EXPECT_EQ(c.rc, c.code) << c.says[0];
    }
    EXPECT_EQ(size, 777u) << "untouched by a failed call";
    // The messages, one call at a time.
    expect_error(
        [&] {
            return mseq_image_recipe(&size, nullptr, 0, ds_, params_, bad, 2,
                                     0);
        },
        MSEQ_EINVAL, {"mseq_image_recipe", "position 1", "-1"});
    expect_error(
        [&] {
            return mseq_image_recipe(&size, nullptr, 0, ds_, unset, digits_, 3,
                                     0);
        },
        MSEQ_EINVAL, {"mseq_image_recipe", "MSEQ_PARAM_WIDTH"});
}

}  // namespace
