// mseq_strerror, mseq_last_error and the version functions.
#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <future>
#include <string>
#include <thread>

#include "capi_test.hpp"
#include "mnistseq/mnistseq.h"

namespace {

TEST(Errors, StrerrorNamesEveryCode) {
    EXPECT_STREQ(mseq_strerror(MSEQ_OK), "success");
    EXPECT_STREQ(mseq_strerror(MSEQ_EINVAL), "invalid argument");
    EXPECT_STREQ(mseq_strerror(MSEQ_ENOMEM), "out of memory");
    EXPECT_STREQ(mseq_strerror(MSEQ_ENOTFOUND), "data files not found");
    EXPECT_STREQ(mseq_strerror(MSEQ_EIO), "input/output error");
    EXPECT_STREQ(mseq_strerror(MSEQ_EFORMAT), "malformed data file");
    EXPECT_STREQ(mseq_strerror(MSEQ_EBUFSIZE), "buffer too small");
    EXPECT_STREQ(mseq_strerror(MSEQ_ENOFIT), "sequence does not fit the width");
    EXPECT_STREQ(mseq_strerror(MSEQ_ERANGE), "size beyond a limit");
    EXPECT_STREQ(mseq_strerror(MSEQ_EEXIST), "output exists and differs");
    EXPECT_STREQ(mseq_strerror(MSEQ_EINTERNAL), "internal error");
    EXPECT_STREQ(mseq_strerror(MSEQ_ECANCELED), "operation canceled");
}

TEST(Errors, CodesKeepTheirValues) {
    // Part of the ABI: a renumbering breaks every binding.
    EXPECT_EQ(MSEQ_OK, 0);
    EXPECT_EQ(MSEQ_EINVAL, -1);
    EXPECT_EQ(MSEQ_ENOMEM, -2);
    EXPECT_EQ(MSEQ_ENOTFOUND, -3);
    EXPECT_EQ(MSEQ_EIO, -4);
    EXPECT_EQ(MSEQ_EFORMAT, -5);
    EXPECT_EQ(MSEQ_EBUFSIZE, -6);
    EXPECT_EQ(MSEQ_ENOFIT, -7);
    EXPECT_EQ(MSEQ_ERANGE, -8);
    EXPECT_EQ(MSEQ_EEXIST, -9);
    EXPECT_EQ(MSEQ_EINTERNAL, -10);
    EXPECT_EQ(MSEQ_ECANCELED, -11);
}

TEST(Errors, StrerrorOfUnknownCodes) {
    for (int code : {1, 42, -12, -1000, INT_MIN, INT_MAX}) {
        ASSERT_NE(mseq_strerror(code), nullptr);
        EXPECT_STREQ(mseq_strerror(code), "unknown error") << code;
    }
}

TEST(Errors, LastErrorIsEmptyOnAFreshThread) {
    std::string seen = "not run";
    std::thread t([&] { seen = mseq_last_error(); });
    t.join();
    EXPECT_EQ(seen, "");
}

TEST(Errors, LastErrorNamesTheArgument) {
    capi_test::expect_error([] { return mseq_params_new(nullptr); },
                            MSEQ_EINVAL, {"mseq_params_new", "out is NULL"});
}

TEST(Errors, SuccessDoesNotClearTheLastError) {
    ASSERT_EQ(mseq_params_new(nullptr), MSEQ_EINVAL);
    const std::string before = mseq_last_error();
    capi_test::Params p;
    p.set(MSEQ_PARAM_WIDTH, 10);
    EXPECT_EQ(p.value(MSEQ_PARAM_WIDTH), 10);
    EXPECT_EQ(mseq_last_error(), before);
}

TEST(Errors, LastErrorIsThreadLocal) {
    // Thread a fails first, then thread b fails differently while a waits;
    // a must still see its own message, b its own.
    capi_test::poison_last_error();
    std::promise<void> a_failed, b_failed;
    std::string a_seen, b_seen;
    std::thread a([&] {
        mseq_params_set(nullptr, MSEQ_PARAM_WIDTH, 1);
        a_failed.set_value();
        b_failed.get_future().wait();
        a_seen = mseq_last_error();
    });
    std::thread b([&] {
        a_failed.get_future().wait();
        capi_test::Params p;
        mseq_params_set(p, MSEQ_PARAM_WIDTH, -5);
        b_seen = mseq_last_error();
        b_failed.set_value();
    });
    a.join();
    b.join();
    EXPECT_EQ(a_seen, "mseq_params_set: params is NULL");
    EXPECT_NE(b_seen.find("MSEQ_PARAM_WIDTH = -5"), std::string::npos)
        << b_seen;
    // And neither reached this thread.
    EXPECT_STREQ(mseq_last_error(), capi_test::kPoison);
}

TEST(Version, RuntimeMatchesTheHeader) {
    EXPECT_EQ(mseq_version_number(), unsigned(MSEQ_VERSION_NUMBER));
    EXPECT_EQ(mseq_version_number() / 10000, unsigned(MSEQ_VERSION_MAJOR));
    ASSERT_NE(mseq_version_string(), nullptr);
    EXPECT_STREQ(mseq_version_string(), MSEQ_VERSION_STRING);
    const std::string expected = std::to_string(MSEQ_VERSION_MAJOR) + "." +
                                 std::to_string(MSEQ_VERSION_MINOR) + "." +
                                 std::to_string(MSEQ_VERSION_PATCH);
    EXPECT_EQ(mseq_version_string(), expected);
    EXPECT_EQ(MSEQ_VERSION_NUMBER, MSEQ_VERSION_MAJOR * 10000 +
                                       MSEQ_VERSION_MINOR * 100 +
                                       MSEQ_VERSION_PATCH);
}

}  // namespace
