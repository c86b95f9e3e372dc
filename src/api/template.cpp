// Templates through the C API (mnistseq.h, "Templates and texts").
#include "generate/template.hpp"

#include <cstring>
#include <memory>
#include <string>

#include "api/guard.hpp"
#include "api/handles.hpp"
#include "common/error.hpp"
#include "mnistseq/mnistseq.h"

extern "C" MSEQ_API int mseq_template_new(mseq_template **out,
                                          const char *text) {
    return mseq::guard("mseq_template_new", [&] {
        mseq::require_non_null(out, "mseq_template_new", "out");
        mseq::require_non_null(text, "mseq_template_new", "text");
        *out = new mseq_template{std::make_shared<const mseq::Template>(text)};
    });
}

extern "C" MSEQ_API void mseq_template_free(mseq_template *tmpl) {
    delete tmpl;
}

extern "C" MSEQ_API int mseq_template_count(uint64_t *count, size_t *max_length,
                                            const mseq_template *tmpl) {
    return mseq::guard("mseq_template_count", [&] {
        mseq::require_non_null(tmpl, "mseq_template_count", "tmpl");
        if (count != nullptr) *count = tmpl->value->count();
        if (max_length != nullptr) *max_length = tmpl->value->max_length();
    });
}

extern "C" MSEQ_API int mseq_template_text(char *out, size_t out_size,
                                           size_t *length,
                                           const mseq_template *tmpl,
                                           const mseq_params *params,
                                           uint64_t index) {
    return mseq::guard("mseq_template_text", [&] {
        const char *fn = "mseq_template_text";
        mseq::require_non_null(out, fn, "out");
        mseq::require_non_null(tmpl, fn, "tmpl");
        mseq::require_non_null(params, fn, "params");
        const size_t need = tmpl->value->max_length() + 1;
        if (out_size < need) {
            throw mseq::Error(MSEQ_EBUFSIZE,
                              std::string(fn) + ": out_size " +
                                  std::to_string(out_size) +
                                  " is below the template's longest text "
                                  "and its NUL (" +
                                  std::to_string(need) + " bytes)");
        }
        const mseq::TemplateSampler sampler(*tmpl->value, params->values);
        const std::string text = sampler.draw(index);
        std::memcpy(out, text.c_str(), text.size() + 1);
        if (length != nullptr) *length = text.size();
    });
}

extern "C" MSEQ_API int mseq_params_set_template(mseq_params *params,
                                                 const mseq_template *tmpl) {
    return mseq::guard("mseq_params_set_template", [&] {
        mseq::require_non_null(params, "mseq_params_set_template", "params");
        params->values.text_template = tmpl != nullptr ? tmpl->value : nullptr;
    });
}
