// Label rows (labels.hpp).
#include "output/labels.hpp"

namespace mseq {

const char kCsvLabelsHeader[] = "file,text,length,boxes,source_indices\n";

std::string label_text(const ImageLabels &l) {
    std::string text(l.length, '0');
    for (size_t j = 0; j < l.length; ++j) {
        text[j] = static_cast<char>('0' + l.placements[j].label);
    }
    return text;
}

std::string csv_label_row(const std::string &file, const ImageLabels &l) {
    std::string row =
        file + ",\"" + label_text(l) + "\"," + std::to_string(l.length) + ",\"";
    for (size_t j = 0; j < l.length; ++j) {
        const mseq_placement &p = l.placements[j];
        row += (j ? ";" : "") + std::to_string(p.x_begin) + " " +
               std::to_string(p.y_begin) + " " + std::to_string(p.x_end) + " " +
               std::to_string(p.y_end);
    }
    row += "\",\"";
    for (size_t j = 0; j < l.length; ++j) {
        row += (j ? " " : "") + std::to_string(l.placements[j].source_index);
    }
    return row + "\"\n";
}

std::string json_label_row(uint64_t index, const ImageLabels &l) {
    std::string row = "{\"index\": " + std::to_string(index) +
                      ", \"text\": \"" + label_text(l) +
                      "\", \"length\": " + std::to_string(l.length) +
                      ", \"boxes\": [";
    for (size_t j = 0; j < l.length; ++j) {
        const mseq_placement &p = l.placements[j];
        row += (j ? ", [" : "[") + std::to_string(p.x_begin) + ", " +
               std::to_string(p.y_begin) + ", " + std::to_string(p.x_end) +
               ", " + std::to_string(p.y_end) + "]";
    }
    row += "], \"source_indices\": [";
    for (size_t j = 0; j < l.length; ++j) {
        row += (j ? ", " : "") + std::to_string(l.placements[j].source_index);
    }
    return row + "]}";
}

}  // namespace mseq
