// The characters of a text image: digits 0-9, drawn separators and spaces.
// A text is what a template gives (template.hpp) and what
// mseq_generate_text() draws; each character gets one cell of the layout.
//
// Character codes (a placement's label, mnistseq.h): a digit is its value
// 0-9, any other character its ASCII code: ' ' 32, '(' 40, ')' 41, '+' 43,
// ',' 44, '-' 45, '.' 46, '/' 47, ':' 58.
//
// Advance: the columns a character's cell takes in the strip before the
// next gap. A digit takes the glyph width; a separator a fraction of it
// (kAdvance below, in 28ths: for MNIST's 28 columns, the columns), at
// least 1. Its drawing (separator_glyph.hpp) stays inside the advance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mseq {

// The separators a text may hold, in the order of the grammar's docs.
constexpr std::string_view kSeparators = "-/.,:()+";

// True for the characters of a text: '0'-'9', a separator or a space.
bool is_text_char(char c);

// The code of text character c (is_text_char(c)).
int32_t char_code(char c);

// True when the code is a digit's (0-9).
inline bool is_digit_code(int32_t code) { return code >= 0 && code <= 9; }

// The advance of the character of `code` in glyphs `cols` wide (>= 1).
int64_t char_advance(int32_t code, int64_t cols);

// Checks a text of `length` characters: MSEQ_EINVAL naming the first
// character that is not a text character (1-based position) or an empty
// text, MSEQ_ERANGE above MSEQ_MAX_DIGITS characters, and a text without
// a digit or separator to draw (only spaces) is MSEQ_EINVAL. Writes the
// codes to codes[0..length).
void text_codes(const char *text, size_t length, int32_t *codes);

}  // namespace mseq
