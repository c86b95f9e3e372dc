// Label rows: the 1.0 columns and fields unchanged without ink boxes, and
// the ink boxes, in the cells' format, then the writer last, with them.
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
    EXPECT_EQ(mseq::csv_labels_header(false, false, false),
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
    EXPECT_EQ(mseq::csv_labels_header(true, false, false),
              "file,text,length,boxes,source_indices,ink_boxes\n");
}

TEST(Labels, TheWriterComesAfterEverything) {
    const uint64_t writer = (uint64_t{4} << 32) | 2105;
    const mseq::ImageLabels alone{kCells, 2, nullptr, &writer};
    EXPECT_EQ(mseq::csv_label_row("000000007.png", alone),
              "000000007.png,\"05\",2,\"3 0 31 28;33 0 61 28\",\"1204 77\","
              "17179871289\n");
    EXPECT_EQ(mseq::json_label_row(7, alone),
              "{\"index\": 7, \"text\": \"05\", \"length\": 2, \"boxes\": "
              "[[3, 0, 31, 28], [33, 0, 61, 28]], \"source_indices\": "
              "[1204, 77], \"writer\": 17179871289}");
    const mseq::ImageLabels both{kCells, 2, kInk, &writer};
    EXPECT_EQ(mseq::csv_label_row("000000007.png", both),
              "000000007.png,\"05\",2,\"3 0 31 28;33 0 61 28\",\"1204 77\","
              "\"7 4 25 24;0 0 0 0\",17179871289\n");
    EXPECT_EQ(mseq::csv_labels_header(false, true, false),
              "file,text,length,boxes,source_indices,writer\n");
    EXPECT_EQ(mseq::csv_labels_header(true, true, false),
              "file,text,length,boxes,source_indices,ink_boxes,writer\n");
}

}  // namespace
