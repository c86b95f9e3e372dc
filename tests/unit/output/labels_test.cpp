// Label rows: the 1.0 columns and fields unchanged without ink boxes, and
// the ink boxes last, in the cells' format, with them.
#include "output/labels.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

const mseq_placement kCells[2] = {{3, 31, 0, 28, 1204, 0},
                                  {33, 61, 0, 28, 77, 5}};
const mseq_ink_box kInk[2] = {{7, 25, 4, 24}, {0, 0, 0, 0}};

TEST(Labels, RowsWithoutInkBoxesAreThoseOfOneZero) {
    const mseq::ImageLabels l{kCells, 2};
    EXPECT_EQ(mseq::csv_label_row("000000007.png", l),
              "000000007.png,\"05\",2,\"3 0 31 28;33 0 61 28\",\"1204 77\"\n");
    EXPECT_EQ(mseq::json_label_row(7, l),
              "{\"index\": 7, \"text\": \"05\", \"length\": 2, \"boxes\": "
              "[[3, 0, 31, 28], [33, 0, 61, 28]], \"source_indices\": "
              "[1204, 77]}");
    EXPECT_STREQ(mseq::kCsvLabelsHeader,
                 "file,text,length,boxes,source_indices\n");
}

TEST(Labels, InkBoxesComeLast) {
    const mseq::ImageLabels l{kCells, 2, kInk};
    EXPECT_EQ(mseq::csv_label_row("000000007.png", l),
              "000000007.png,\"05\",2,\"3 0 31 28;33 0 61 28\",\"1204 77\","
              "\"7 4 25 24;0 0 0 0\"\n");
    EXPECT_EQ(mseq::json_label_row(7, l),
              "{\"index\": 7, \"text\": \"05\", \"length\": 2, \"boxes\": "
              "[[3, 0, 31, 28], [33, 0, 61, 28]], \"source_indices\": "
              "[1204, 77], \"ink_boxes\": [[7, 4, 25, 24], [0, 0, 0, 0]]}");
    EXPECT_STREQ(mseq::kCsvLabelsHeaderInk,
                 "file,text,length,boxes,source_indices,ink_boxes\n");
}

}  // namespace
