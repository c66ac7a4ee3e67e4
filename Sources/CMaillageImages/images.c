#include "maillage_images.h"
#include <vips/vips.h>
#include <vips/vector.h>
#include <poppler.h>
#include <string.h>
#include <stdio.h>
#include <pthread.h>

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_status = 0;

static void start_once(void) {
    start_status = VIPS_INIT("maillage");
    if (start_status == 0) {
        vips_cache_set_max(0);
        vips_concurrency_set(1);  /* Maillage runs one image per core itself. */
        /* No run-time generated vector code (liborc): with several images made at once, orc 0.4.33
           crashed a 10,000-page build (a known race of orc's code memory); the plain C paths cost
           a few milliseconds a portrait. */
        vips_vector_set_enabled(FALSE);
    }
}

int maillage_images_start(void) {
    pthread_once(&started, start_once);
    return start_status;
}

static int fail(char *error, size_t error_size) {
    if (error && error_size > 0) {
        snprintf(error, error_size, "%s", vips_error_buffer());
        /* keep the first line: libvips repeats itself */
        char *newline = strchr(error, '\n');
        if (newline) *newline = '\0';
    }
    vips_error_clear();
    return -1;
}

/* Removes EXIF, XMP, IPTC and ICC blocks: libvips 8.14's webpsave keeps EXIF despite "strip". */
static void strip_metadata(VipsImage *image) {
    gchar **fields = vips_image_get_fields(image);
    for (int i = 0; fields && fields[i]; i++) {
        const char *name = fields[i];
        if (g_str_has_prefix(name, "exif-") || g_str_has_prefix(name, "xmp-") || g_str_has_prefix(name, "iptc-") ||
            g_str_has_prefix(name, "icc-") || g_str_has_prefix(name, "orientation") || g_str_has_prefix(name, "jpeg-thumbnail")) {
            vips_image_remove(image, name);
        }
    }
    g_strfreev(fields);
}

/* Flattens an image with alpha on white and keeps it in memory (it is saved more than once). */
static VipsImage *flattened_in_memory(VipsImage *image) {
    VipsImage *flat = image;
    if (vips_image_hasalpha(image)) {
        VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        int status = vips_flatten(image, &flat, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        if (status) return NULL;
    } else {
        g_object_ref(flat);
    }
    VipsImage *memory = vips_image_copy_memory(flat);
    g_object_unref(flat);
    if (memory) strip_metadata(memory);
    return memory;
}

int maillage_portrait(const char *input, int size, const char *webp_large, const char *webp_small,
                      const char *jpeg_small, char *error, size_t error_size) {
    if (maillage_images_start() != 0) return fail(error, error_size);
    VipsImage *thumb = NULL;
    /* vips_thumbnail shrinks on load, applies EXIF orientation and exports to sRGB: the photo is
       decoded once, at twice the size; the small files come from that image halved. */
    if (vips_thumbnail(input, &thumb, 2 * size, "height", 2 * size, "crop", VIPS_INTERESTING_CENTRE,
                       "size", VIPS_SIZE_BOTH, NULL)) {
        return fail(error, error_size);
    }
    VipsImage *large = flattened_in_memory(thumb);
    g_object_unref(thumb);
    if (!large) return fail(error, error_size);
    VipsImage *halved = NULL, *small = NULL;
    if (vips_resize(large, &halved, 0.5, NULL) == 0) {
        small = vips_image_copy_memory(halved);
        g_object_unref(halved);
    }
    if (!small) { g_object_unref(large); return fail(error, error_size); }
    /* WebP effort 2: half the time of the default 4, files within a tenth of its size. */
    int status = vips_webpsave(large, webp_large, "Q", 72, "strip", TRUE, "effort", 2, NULL);
    if (status == 0) status = vips_webpsave(small, webp_small, "Q", 72, "strip", TRUE, "effort", 2, NULL);
    if (status == 0) {
        status = vips_jpegsave(small, jpeg_small, "Q", 78, "strip", TRUE, "optimize_coding", TRUE,
                               "interlace", TRUE, NULL);
    }
    g_object_unref(large);
    g_object_unref(small);
    return status ? fail(error, error_size) : 0;
}

int maillage_image_size(const char *input, int *width, int *height, char *error, size_t error_size) {
    if (maillage_images_start() != 0) return fail(error, error_size);
    VipsImage *image = vips_image_new_from_file(input, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image) return fail(error, error_size);
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    int orientation = 1;
    if (vips_image_get_typeof(image, VIPS_META_ORIENTATION) && vips_image_get_int(image, VIPS_META_ORIENTATION, &orientation) == 0
        && orientation >= 5 && orientation <= 8) {
        int swap = *width; *width = *height; *height = swap;
    }
    g_object_unref(image);
    return 0;
}

int maillage_preview(const char *input, int size, const char *png_output, int *width, int *height,
                     char *error, size_t error_size) {
    if (maillage_images_start() != 0) return fail(error, error_size);
    VipsImage *thumb = NULL;
    /* For a PDF, libvips' poppler loader renders the first page at the scale that fits `size`. */
    if (vips_thumbnail(input, &thumb, size, "height", size, "size", VIPS_SIZE_DOWN, NULL)) {
        return fail(error, error_size);
    }
    VipsImage *flat = thumb;
    if (vips_image_hasalpha(thumb)) {
        VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        int status = vips_flatten(thumb, &flat, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        g_object_unref(thumb);
        if (status) return fail(error, error_size);
    }
    *width = vips_image_get_width(flat);
    *height = vips_image_get_height(flat);
    int status = vips_pngsave(flat, png_output, "strip", TRUE, "compression", 6, NULL);
    g_object_unref(flat);
    return status ? fail(error, error_size) : 0;
}

int maillage_pdf_text(const char *input, const char *text_output, int *pages, char *error, size_t error_size) {
    GError *gerror = NULL;
    gchar *uri = g_filename_to_uri(input, NULL, &gerror);
    PopplerDocument *document = uri ? poppler_document_new_from_file(uri, NULL, &gerror) : NULL;
    g_free(uri);
    if (!document) {
        if (error && error_size > 0) snprintf(error, error_size, "%s", gerror ? gerror->message : "PDF illisible");
        if (gerror) g_error_free(gerror);
        return -1;
    }
    FILE *out = fopen(text_output, "wb");
    if (!out) {
        if (error && error_size > 0) snprintf(error, error_size, "%s", "écriture impossible");
        g_object_unref(document);
        return -1;
    }
    int count = poppler_document_get_n_pages(document);
    for (int i = 0; i < count; i++) {
        PopplerPage *page = poppler_document_get_page(document, i);
        if (i > 0) fputc('\f', out);
        if (!page) continue;
        char *text = poppler_page_get_text(page);
        PopplerRectangle *boxes = NULL;
        guint count_boxes = 0;
        if (text && !poppler_page_get_text_layout(page, &boxes, &count_boxes)) count_boxes = 0;
        if (text) {
            /* poppler joins the blocks of a layout with nothing between them (« MobilitéMémoire »,
               two columns): a space goes where two letters that follow each other in the text are
               apart on the page (another line, or a gap wider than half a letter's height). */
            const char *c = text;
            guint index = 0;
            int previous_blank = 1;
            while (*c) {
                const char *next = g_utf8_next_char(c);
                int blank = g_unichar_isspace(g_utf8_get_char(c));
                if (!blank && !previous_blank && index > 0 && index < count_boxes) {
                    PopplerRectangle *a = &boxes[index - 1], *b = &boxes[index];
                    double height = a->y2 - a->y1;
                    if (b->y1 >= a->y2 - 0.2 * height || b->y2 <= a->y1 || b->x1 - a->x2 > 0.5 * height || b->x2 < a->x1)
                        fputc(' ', out);
                }
                fwrite(c, 1, (size_t)(next - c), out);
                previous_blank = blank;
                c = next;
                index++;
            }
            g_free(text);
        }
        g_free(boxes);
        g_object_unref(page);
    }
    g_object_unref(document);
    *pages = count;
    return fclose(out) == 0 ? 0 : -1;
}

int maillage_pdf_info(const char *input, char *title, size_t title_size, long long *created) {
    gchar *uri = g_filename_to_uri(input, NULL, NULL);
    PopplerDocument *document = uri ? poppler_document_new_from_file(uri, NULL, NULL) : NULL;
    g_free(uri);
    if (!document) return -1;
    gchar *value = poppler_document_get_title(document);
    snprintf(title, title_size, "%s", value ? value : "");
    g_free(value);
    *created = (long long)poppler_document_get_creation_date(document);
    g_object_unref(document);
    return 0;
}
