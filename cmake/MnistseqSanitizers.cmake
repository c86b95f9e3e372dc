# MNISTSEQ_SANITIZE="address,undefined" or "thread": applied to every target
# of the project, so the library, the CLI and the tests agree.
if(MNISTSEQ_SANITIZE)
  set(_mseq_san_flags -fsanitize=${MNISTSEQ_SANITIZE} -fno-omit-frame-pointer -g)
  if(MNISTSEQ_SANITIZE MATCHES "undefined")
    list(APPEND _mseq_san_flags -fno-sanitize-recover=all)
  endif()
  add_compile_options(${_mseq_san_flags})
  add_link_options(-fsanitize=${MNISTSEQ_SANITIZE})
endif()
