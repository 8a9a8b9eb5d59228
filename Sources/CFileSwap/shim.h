// renameat2(RENAME_EXCHANGE) through the raw system call: Swift's Glibc module does not declare
// renameat2 (glibc declares it only under _GNU_SOURCE).
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

/// Swaps two existing paths in one step, so that neither name is ever missing. Returns 0, or -1
/// with errno set (EINVAL where the filesystem cannot exchange, ENOSYS off Linux).
static inline int rerank_site_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2u /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}
