#ifndef MAILLAGE_SYSTEM_H
#define MAILLAGE_SYSTEM_H

#include <stddef.h>

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 when the system or file system does not support it.
int maillage_exchange_paths(const char *first, const char *second);

/// Copies the regular file `source` to a new file `destination` (any file there is unlinked first, mode 0644): a reflink
/// where the file system shares blocks (FICLONE), else a copy in the kernel (copy_file_range),
/// else read and write. The copy keeps the source's modification time. Never a hard link: the
/// published file and its source stay two files. Returns 0, or minus an errno.
int maillage_clone_file(const char *source, const char *destination);

/// A pipe whose two ends are closed on exec (set atomically: a process spawned meanwhile by
/// another thread does not inherit them). Returns 0, or -1 with errno set.
int maillage_pipe(int fds[2]);

/// Reads the member `name` of the ZIP archive at `path` (a Word or ODT document) into a new
/// buffer at `*data` (free it with `free`), `*size` bytes; stored or deflated members, at most
/// `limit` bytes once unpacked. Returns 0, or -1 when the file is not a readable archive, -2
/// when it has no such member, -3 when the member is larger than `limit`.
int maillage_zip_read(const char *path, const char *name, size_t limit, unsigned char **data, size_t *size);

#endif
