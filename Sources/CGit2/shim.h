#ifndef SOVEREIGN_CGIT2_SHIM_H
#define SOVEREIGN_CGIT2_SHIM_H
#include <git2.h>

/// GIT_FETCH_OPTIONS_INIT is a composite macro Swift cannot import.
static inline git_fetch_options sovereign_git_fetch_options_init(void) {
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    return options;
}

/// GIT_BUF_INIT is a composite macro Swift cannot import.
static inline git_buf sovereign_git_buf_init(void) {
    git_buf buffer = GIT_BUF_INIT;
    return buffer;
}

/// git_libgit2_opts is variadic: a typed wrapper for GIT_OPT_SET_OWNER_VALIDATION.
static inline int sovereign_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/// git_libgit2_opts is variadic: a typed wrapper for GIT_OPT_GET_OWNER_VALIDATION.
static inline int sovereign_git_get_owner_validation(int *enabled) {
    return git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, enabled);
}
#endif
