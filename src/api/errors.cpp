// Error reporting of the C API: mseq_strerror() and the thread-local last
// error behind mseq_last_error() (mnistseq.h, "Errors").
#include <cstddef>

#include "api/guard.hpp"
#include "mnistseq/mnistseq.h"

namespace {

// Long enough for a message naming two paths; longer ones are cut.
constexpr std::size_t kMessageCapacity = 4096;

thread_local char t_last_error[kMessageCapacity] = "";

}  // namespace

namespace mseq {

void set_last_error(const char *a, const char *b, const char *c) noexcept {
    const char *parts[] = {a, b, c};
    std::size_t used = 0;
    bool cut = false;
    for (const char *part : parts) {
        for (const char *p = part; p != nullptr && *p != '\0'; ++p) {
            if (used + 1 == kMessageCapacity) {
                cut = true;
                break;
            }
            t_last_error[used++] = *p;
        }
    }
    if (cut) {
        for (std::size_t i = 1; i <= 3; ++i) {
            t_last_error[kMessageCapacity - 1 - i] = '.';
        }
    }
    t_last_error[used] = '\0';
}

}  // namespace mseq

extern "C" MSEQ_API const char *mseq_strerror(int code) {
    switch (code) {
        case MSEQ_OK:
            return "success";
        case MSEQ_EINVAL:
            return "invalid argument";
        case MSEQ_ENOMEM:
            return "out of memory";
        case MSEQ_ENOTFOUND:
            return "data files not found";
        case MSEQ_EIO:
            return "input/output error";
        case MSEQ_EFORMAT:
            return "malformed data file";
        case MSEQ_EBUFSIZE:
            return "buffer too small";
        case MSEQ_ENOFIT:
            return "sequence does not fit the width";
        case MSEQ_ERANGE:
            return "size beyond a limit";
        case MSEQ_EEXIST:
            return "output exists and differs";
        case MSEQ_EINTERNAL:
            return "internal error";
        case MSEQ_ECANCELED:
            return "operation canceled";
        default:
            return "unknown error";
    }
}

extern "C" MSEQ_API const char *mseq_last_error(void) { return t_last_error; }
