// Label rows (labels.hpp).
#include "output/labels.hpp"

#include <charconv>

namespace mseq {

std::string csv_labels_header(bool ink_boxes, bool writer, bool digits) {
    std::string header = "file,text,length,boxes,source_indices";
    if (ink_boxes) header += ",ink_boxes";
    if (writer) header += ",writer";
    if (digits) header += ",digits";
    return header + "\n";
}

namespace {

template <typename T>
void put(std::string &out, T value) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out.append(buf, static_cast<size_t>(end - buf));
}

// "x0 y0 x1 y1;..." (CSV) or "[[x0, y0, x1, y1], ...]" (JSON).
template <typename Box>
void put_boxes(std::string &out, const Box *boxes, size_t n, bool json) {
    if (json) out += '[';
    for (size_t j = 0; j < n; ++j) {
        const Box &b = boxes[j];
        if (json) {
            out += j ? ", [" : "[";
        } else if (j) {
            out += ';';
        }
        const char *sep = json ? ", " : " ";
        put(out, b.x_begin);
        out += sep;
        put(out, b.y_begin);
        out += sep;
        put(out, b.x_end);
        out += sep;
        put(out, b.y_end);
        if (json) out += ']';
    }
    if (json) out += ']';
}

// A digit's label is its value, a text's other characters their code.
char label_char(int32_t label) {
    return static_cast<char>(label <= 9 ? '0' + label : label);
}

void put_text(std::string &out, const ImageLabels &l) {
    for (size_t j = 0; j < l.length; ++j) {
        out += label_char(l.placements[j].label);
    }
}

void put_digits(std::string &out, const ImageLabels &l) {
    for (size_t j = 0; j < l.length; ++j) {
        if (l.placements[j].label <= 9) {
            out += label_char(l.placements[j].label);
        }
    }
}

}  // namespace

std::string label_text(const ImageLabels &l) {
    std::string text;
    put_text(text, l);
    return text;
}

std::string csv_label_row(const std::string &file, const ImageLabels &l) {
    std::string row;
    row.reserve(file.size() + 16 + 28 * l.length);
    row += file;
    row += ",\"";
    put_text(row, l);
    row += "\",";
    put(row, l.length);
    row += ",\"";
    for (size_t j = 0; j < l.length; ++j) {
        const mseq_placement &p = l.placements[j];
        if (j) row += ';';
        put(row, p.x_begin);
        row += ' ';
        put(row, p.y_begin);
        row += ' ';
        put(row, p.x_end);
        row += ' ';
        put(row, p.y_end);
    }
    row += "\",\"";
    for (size_t j = 0; j < l.length; ++j) {
        if (j) row += ' ';
        put(row, l.placements[j].source_index);
    }
    row += '"';
    if (l.ink_boxes != nullptr) {
        row += ",\"";
        put_boxes(row, l.ink_boxes, l.length, false);
        row += '"';
    }
    if (l.writer != nullptr) {
        row += ',';
        put(row, *l.writer);
    }
    if (l.text_digits) {
        row += ",\"";
        put_digits(row, l);
        row += '"';
    }
    row += '\n';
    return row;
}

std::string json_label_row(uint64_t index, const ImageLabels &l) {
    std::string row;
    row.reserve(80 + 36 * l.length);
    row += "{\"index\": ";
    put(row, index);
    row += ", \"text\": \"";
    put_text(row, l);
    row += "\", \"length\": ";
    put(row, l.length);
    row += ", \"boxes\": [";
    for (size_t j = 0; j < l.length; ++j) {
        const mseq_placement &p = l.placements[j];
        row += j ? ", [" : "[";
        put(row, p.x_begin);
        row += ", ";
        put(row, p.y_begin);
        row += ", ";
        put(row, p.x_end);
        row += ", ";
        put(row, p.y_end);
        row += ']';
    }
    row += "], \"source_indices\": [";
    for (size_t j = 0; j < l.length; ++j) {
        if (j) row += ", ";
        put(row, l.placements[j].source_index);
    }
    row += ']';
    if (l.ink_boxes != nullptr) {
        row += ", \"ink_boxes\": ";
        put_boxes(row, l.ink_boxes, l.length, true);
    }
    if (l.writer != nullptr) {
        row += ", \"writer\": ";
        put(row, *l.writer);
    }
    if (l.text_digits) {
        row += ", \"digits\": \"";
        put_digits(row, l);
        row += '"';
    }
    row += '}';
    return row;
}

}  // namespace mseq
