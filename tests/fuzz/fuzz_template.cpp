// Fuzz harness for the template grammar (template.hpp): any bytes as a
// template. Parsing either succeeds or throws mseq::Error with MSEQ_EINVAL
// or MSEQ_ERANGE and a message about the template ("template column N:"
// for a fault at a column). A parsed template must keep its promises: a
// count of at least 1, a longest text within MSEQ_MAX_DIGITS, and texts
// (drawn, unique, and of the first and last rank) no longer than that and
// made only of a text's characters, which generate_text() accepts
// (text_codes()); distinct ranks of a small space give distinct texts.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "fuzz_support.hpp"
#include "generate/params.hpp"
#include "generate/template.hpp"
#include "generate/text.hpp"
#include "mnistseq/mnistseq.h"

namespace {

void check_text(const mseq::Template &t, const std::string &text) {
    fuzz::check(!text.empty(), "a template gave an empty text");
    fuzz::check(text.size() <= t.max_length(),
                "a text is longer than the template's max_length");
    int32_t codes[MSEQ_MAX_DIGITS];
    try {
        mseq::text_codes(text.data(), text.size(), codes);
    } catch (const mseq::Error &) {
        fuzz::check(false, "a template's text is not a valid text");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    try {
        const mseq::Template t(input);
        fuzz::check(t.count() >= 1, "a template with no text");
        fuzz::check(t.max_length() >= 1 && t.max_length() <= MSEQ_MAX_DIGITS,
                    "max_length outside 1..MSEQ_MAX_DIGITS");
        mseq::Params params;
        params.seed = size;
        const mseq::TemplateSampler sampler(t, params);
        for (uint64_t i = 0; i < 3; ++i) check_text(t, sampler.draw(i));
        if (t.count() < UINT64_MAX) {
            check_text(t, t.text_of_rank(0));
            check_text(t, t.text_of_rank(t.count() - 1));
        }
        if (t.count() <= 64) {
            std::set<std::string> seen;
            for (uint64_t r = 0; r < t.count(); ++r) {
                fuzz::check(seen.insert(t.text_of_rank(r)).second,
                            "two ranks give the same text");
            }
            params.unique = true;
            const mseq::TemplateSampler unique(t, params);
            std::set<std::string> drawn;
            for (uint64_t i = 0; i < t.count(); ++i) {
                drawn.insert(unique.draw(i));
            }
            fuzz::check(drawn == seen, "unique draws miss a text");
        }
    } catch (const mseq::Error &e) {
        fuzz::check(e.code() == MSEQ_EINVAL || e.code() == MSEQ_ERANGE,
                    "a template error that is not EINVAL or ERANGE");
        fuzz::check(std::string(e.what()).find("template") != std::string::npos,
                    "a template error that does not say so");
    }
    return 0;
}
