#ifndef MAILLAGE_IMAGES_H
#define MAILLAGE_IMAGES_H

#include <stddef.h>

/// Starts libvips once (thread-safe); its operation cache is off, so a replaced file is read again.
/// Returns 0 on success.
int maillage_images_start(void);

/// Makes a square portrait of `size` pixels and its double from the image at `input`: EXIF
/// orientation applied, cropped around the centre, converted to sRGB, every metadata (EXIF, GPS,
/// XMP, ICC) stripped. Writes the double as WebP to `webp_large`, and the portrait as WebP to
/// `webp_small` and as progressive JPEG to `jpeg_small`. On failure returns -1 and writes
/// libvips' explanation into `error` (at most `error_size` bytes).
int maillage_portrait(const char *input, int size, const char *webp_large, const char *webp_small,
                      const char *jpeg_small, char *error, size_t error_size);

/// Width and height of the image at `input` after EXIF orientation; 0 on success.
int maillage_image_size(const char *input, int *width, int *height, char *error, size_t error_size);

/// Writes the first page of the PDF (or image) at `input` as a PNG whose longer side is `size`
/// pixels at most, on a white background, without metadata; its size goes to `width` and `height`.
int maillage_preview(const char *input, int size, const char *png_output, int *width, int *height,
                     char *error, size_t error_size);

/// Writes the text of every page of the PDF at `input` into `text_output`, in UTF-8, pages
/// separated by a form feed (0x0C), in reading order as poppler gives it. `pages` gets the page
/// count. Returns 0 on success, -1 when the PDF cannot be read.
int maillage_pdf_text(const char *input, const char *text_output, int *pages, char *error, size_t error_size);

/// The PDF's title (UTF-8, into `title`, empty when it has none) and its creation date (seconds
/// since 1970, or -1). Returns 0, or -1 when the PDF cannot be read.
int maillage_pdf_info(const char *input, char *title, size_t title_size, long long *created);

#endif
