// The characters of a text image (text.hpp).
#include "generate/text.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

namespace mseq {
namespace {

// Advances in 28ths of the glyph width, by character.
struct Advance {
    char c;
    int64_t in28;
};
constexpr Advance kAdvance[] = {
    {' ', 14}, {'-', 16}, {'/', 14}, {'.', 8},  {',', 8},
    {':', 8},  {'(', 11}, {')', 11}, {'+', 18},
};

}  // namespace

bool is_text_char(char c) {
    return (c >= '0' && c <= '9') || c == ' ' ||
           kSeparators.find(c) != std::string_view::npos;
}

int32_t char_code(char c) {
    return c >= '0' && c <= '9' ? int32_t(c - '0') : int32_t(c);
}

int64_t char_advance(int32_t code, int64_t cols) {
    if (is_digit_code(code)) return cols;
    for (const Advance &a : kAdvance) {
        if (int32_t(a.c) == code) {
            return std::max<int64_t>(1, (a.in28 * cols + 14) / 28);
        }
    }
    return cols;
}

void text_codes(const char *text, size_t length, int32_t *codes) {
    if (length == 0) throw Error(MSEQ_EINVAL, "empty text: nothing to draw");
    if (length > MSEQ_MAX_DIGITS) {
        throw Error(MSEQ_ERANGE, "text of " + std::to_string(length) +
                                     " characters is longer than "
                                     "MSEQ_MAX_DIGITS (" +
                                     std::to_string(MSEQ_MAX_DIGITS) + ")");
    }
    bool drawn = false;
    for (size_t j = 0; j < length; ++j) {
        const char c = text[j];
        if (!is_text_char(c)) {
            const auto byte = static_cast<unsigned char>(c);
            const std::string shown = byte >= 32 && byte < 127
                                          ? "'" + std::string(1, c) + "'"
                                          : "byte " + std::to_string(byte);
            throw Error(MSEQ_EINVAL,
                        "text character " + std::to_string(j + 1) + " is " +
                            shown +
                            ", not a digit, a separator (- / . , : ( ) +) "
                            "or a space");
        }
        if (c != ' ') drawn = true;
        codes[j] = char_code(c);
    }
    if (!drawn) {
        throw Error(MSEQ_EINVAL, "text holds only spaces: nothing to draw");
    }
}

}  // namespace mseq
