// PNG text chunks (tEXt): added to an encoded PNG, and read back from a PNG
// file. A tEXt chunk holds a keyword (1-79 printable Latin-1 characters,
// no leading, trailing or consecutive spaces), a NUL, and the text (no
// NUL). Added chunks go right after IHDR, before the image data, in the
// order given, so a reader finds them without decoding the image.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mseq {

using PngText = std::pair<std::string, std::string>;  // keyword, text

// Throws MSEQ_EINVAL naming the keyword when it is not a valid tEXt
// keyword, or the text holds a NUL.
void check_png_text(const PngText &text);

// Inserts the chunks after the IHDR chunk of png (a PNG as the encoder
// wrote it). Throws MSEQ_EINVAL (an invalid keyword or text, or png not
// starting with the signature and IHDR).
void add_png_text(std::vector<uint8_t> &png, const std::vector<PngText> &texts);

// The text of the first tEXt chunk named `key` in the PNG bytes, or nothing.
// Throws MSEQ_EFORMAT when the bytes are not a PNG (signature, chunk
// lengths, CRCs up to that chunk) naming `what` (the file).
std::optional<std::string> find_png_text(const std::vector<uint8_t> &png,
                                         const std::string &key,
                                         const std::string &what);

}  // namespace mseq
