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

/* ZIP archives (Word and ODT documents): the central directory, then one member inflated. */
#include <zlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t le32(const unsigned char *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

/* The central directory, read whole (at most 16 MB); its entry count in *count. */
static unsigned char *zip_directory(FILE *f, size_t *length, unsigned *count) {
    if (fseeko(f, 0, SEEK_END) != 0) return NULL;
    off_t end = ftello(f);
    off_t tail = end < 65557 ? end : 65557;
    unsigned char *buffer = malloc((size_t)tail);
    if (!buffer || fseeko(f, end - tail, SEEK_SET) != 0 || fread(buffer, 1, (size_t)tail, f) != (size_t)tail) { free(buffer); return NULL; }
    long at = -1;
    for (long i = (long)tail - 22; i >= 0; i--) {
        if (le32(buffer + i) == 0x06054b50) { at = i; break; }
    }
    if (at < 0) { free(buffer); return NULL; }
    *count = le16(buffer + at + 10);
    uint32_t dir_size = le32(buffer + at + 12), dir_offset = le32(buffer + at + 16);
    free(buffer);
    if (dir_size > (16u << 20) || (off_t)dir_offset + dir_size > end) return NULL;
    unsigned char *dir = malloc(dir_size ? dir_size : 1);
    if (!dir || fseeko(f, dir_offset, SEEK_SET) != 0 || fread(dir, 1, dir_size, f) != dir_size) { free(dir); return NULL; }
    *length = dir_size;
    return dir;
}

int maillage_zip_read(const char *path, const char *name, size_t limit, unsigned char **data, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t length = 0; unsigned count = 0;
    unsigned char *dir = zip_directory(f, &length, &count);
    if (!dir) { fclose(f); return -1; }
    size_t wanted = strlen(name), p = 0;
    int status = -2;
    for (unsigned i = 0; i < count && p + 46 <= length && le32(dir + p) == 0x02014b50; i++) {
        uint16_t method = le16(dir + p + 10), name_length = le16(dir + p + 28), extra = le16(dir + p + 30), comment = le16(dir + p + 32);
        uint32_t packed = le32(dir + p + 20), unpacked = le32(dir + p + 24), local = le32(dir + p + 42);
        if (p + 46 + name_length > length) break;
        if (name_length != wanted || memcmp(dir + p + 46, name, wanted) != 0) { p += 46 + name_length + extra + comment; continue; }
        status = -1;
        if (unpacked > limit) { status = -3; break; }
        unsigned char header[30];
        if (fseeko(f, local, SEEK_SET) != 0 || fread(header, 1, 30, f) != 30 || le32(header) != 0x04034b50) break;
        if (fseeko(f, (off_t)local + 30 + le16(header + 26) + le16(header + 28), SEEK_SET) != 0) break;
        unsigned char *in = malloc(packed ? packed : 1), *out = malloc(unpacked ? unpacked : 1);
        if (!in || !out || fread(in, 1, packed, f) != packed) { free(in); free(out); break; }
        if (method == 0 && packed == unpacked) {
            memcpy(out, in, packed);
            status = 0;
        } else if (method == 8) {
            z_stream z; memset(&z, 0, sizeof z);
            if (inflateInit2(&z, -MAX_WBITS) == Z_OK) {
                z.next_in = in; z.avail_in = packed; z.next_out = out; z.avail_out = unpacked;
                int r = inflate(&z, Z_FINISH);
                if (r == Z_STREAM_END && z.total_out == unpacked) status = 0;
                inflateEnd(&z);
            }
        }
        free(in);
        if (status == 0) { *data = out; *size = unpacked; } else free(out);
        break;
    }
    free(dir);
    fclose(f);
    return status;
}
