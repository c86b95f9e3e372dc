// Enum arguments outside their enumerators, from C: an unknown output kind
// is MSEQ_EINVAL naming the value, and nothing is created. (The library
// reads such arguments as ints; loading them as C++ enums would be
// undefined, which clang's UBSan reports.)
#include <gtest/gtest.h>

#include <string>

#include "enum_callers.h"
#include "fixtures.hpp"
#include "mnistseq/mnistseq.h"
#include "scratch_dir.hpp"

namespace failure_test {
namespace {

TEST(EnumArguments, UnknownOutputKindIsEINVAL) {
    Handles h;
    h.ds = open_synthetic();
    ASSERT_NE(h.ds, nullptr);
    h.params = make_params(60);
    mseq_test::ScratchDir dir;
    const std::string out = dir / "ds";
    for (const int output : {3, 4, 7, -1, 1 << 30}) {
        mseq_writer *w = nullptr;
        EXPECT_EQ(c_writer_new(&w, out.c_str(), h.ds, h.params, 5, output),
                  MSEQ_EINVAL);
        EXPECT_EQ(w, nullptr);
        EXPECT_TRUE(contains(mseq_last_error(), std::to_string(output)))
            << mseq_last_error();
        EXPECT_EQ(c_write_dataset(out.c_str(), h.ds, h.params, 5, output),
                  MSEQ_EINVAL);
        EXPECT_TRUE(contains(mseq_last_error(), std::to_string(output)))
            << mseq_last_error();
    }
    EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace failure_test
