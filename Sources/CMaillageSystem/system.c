#define _GNU_SOURCE
#include "maillage_system.h"
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int maillage_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    (void)first; (void)second;
    return -1;
#endif
}

#include <errno.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

int maillage_clone_file(const char *source, const char *destination) {
    int in = open(source, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -errno;
    struct stat info;
    if (fstat(in, &info) != 0 || !S_ISREG(info.st_mode)) {
        int error = errno ? errno : EINVAL;
        close(in);
        return -error;
    }
    /* A new file, never the one already there: that one may be a hard link into the previous
       output (a file of the same bytes, linked by the staging writer), which must not change. */
    unlink(destination);
    int out = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        int error = errno;
        close(in);
        return -error;
    }
    int result = 0;
#if defined(__linux__) && defined(FICLONE)
    int cloned = ioctl(out, FICLONE, in) == 0;
#else
    int cloned = 0;
#endif
    if (!cloned) {
        off_t left = info.st_size;
        int kernel = 1;
        while (left > 0 && kernel) {
            ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) { kernel = 0; break; }
            left -= n;
        }
        if (left > 0) {
            // No copy in the kernel here (another file system, an old kernel): read and write.
            if (lseek(in, info.st_size - left, SEEK_SET) < 0 || lseek(out, info.st_size - left, SEEK_SET) < 0) {
                result = -errno;
            }
            char buffer[1 << 16];
            while (result == 0 && left > 0) {
                ssize_t n = read(in, buffer, sizeof buffer);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) { result = n < 0 ? -errno : -EIO; break; }
                ssize_t done = 0;
                while (done < n) {
                    ssize_t w = write(out, buffer + done, (size_t)(n - done));
                    if (w < 0 && errno == EINTR) continue;
                    if (w < 0) { result = -errno; break; }
                    done += w;
                }
                left -= n;
            }
        }
    }
    if (result == 0) {
        struct timespec times[2] = { info.st_atim, info.st_mtim };
        futimens(out, times);
    }
    close(in);
    if (close(out) != 0 && result == 0) result = -errno;
    return result;
}

int maillage_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
