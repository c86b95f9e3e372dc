// Internal error type: every failure inside the library is an mseq::Error
// carrying a fixed MSEQ_E* code and a message naming the argument or file at
// fault. The C layer (c_api*.cpp) catches it, stores the message as the
// thread's last error and returns the code; nothing else crosses the ABI.
#pragma once

#include <stdexcept>
#include <string>

#include "mnistseq/mnistseq.h"

namespace mseq {

class Error : public std::runtime_error {
public:
    Error(int code, const std::string &message)
        : std::runtime_error(message), code_(code) {}
    int code() const noexcept { return code_; }

private:
    int code_;
};

}  // namespace mseq
